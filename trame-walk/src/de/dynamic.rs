//! Dynamic values (`Def::DynamicValue`, such as `facet_value::Value`):
//! whatever the input holds, built as trame builds dynamic values — null by
//! `Default`, booleans, numbers, strings and bytes moved in whole, arrays staged
//! element by element, objects (`stage_object`) entry by entry, nested to
//! any depth (each level counts toward the depth limit, as for any value).

use super::*;

impl<'de, Src: Tokens<'de>, S: Sink<'de>> De<'de, Src, S> {
    // t[impl json.dynamic]
    /// A dynamic value at `dst`, of the value that starts with `peek`.
    pub(super) fn dynamic(&mut self, shape: &'static Shape, dst: Dst, peek: Peek) -> Result<()> {
        match peek {
            Peek::NULL => {
                self.src.null()?;
                self.put_default(dst)
            }
            Peek::TRUE | Peek::FALSE => {
                let b = self.read_bool(shape, peek)?;
                self.put(dst, b)
            }
            Peek::STRING => match self.read_cow(shape, peek)? {
                Cow::Borrowed(s) => self.put(dst, s),
                Cow::Owned(s) => self.put(dst, s),
            },
            Peek::BYTES => match self.src.bytes()? {
                Cow::Borrowed(b) => self.put(dst, b),
                Cow::Owned(b) => self.put(dst, b),
            },
            Peek::ARRAY => {
                self.open(dst, self.reopen)?;
                let mut next = self.src.array_start()?;
                let mut i = 0usize;
                while let Some(p) = next {
                    self.value(shape, Dst::Append, p)
                        .map_err(|e| e.in_index(i))?;
                    i += 1;
                    next = self.src.array_step()?;
                }
                self.close(dst)
            }
            Peek::OBJECT if self.reopen => self.dynamic_object_reopened(shape, dst),
            Peek::OBJECT => {
                self.op(match dst {
                    Dst::Here => Op::set().stage_object(),
                    Dst::Field(i) => Op::set().at(i).stage_object(),
                    Dst::Append => Op::set().append().stage_object(),
                })?;
                let mut first = true;
                while let Some(key) = object_key(&mut self.src, &mut first)? {
                    let key = key.to_owned();
                    self.op(Op::set().append().stage())?;
                    if !S::DRY {
                        self.op(Op::set().at(0).imm(key.clone()))?;
                    }
                    let p = self.peek()?;
                    self.value(shape, Dst::Field(1), p)
                        .map_err(|e| e.in_key(key))?;
                    self.op(Op::end())?;
                }
                self.close(dst)
            }
            _ => self.dynamic_number(shape, dst, peek),
        }
    }

    /// An object of a format that reopens objects (TOML): staged in
    /// deferred mode, and a key seen again within it re-enters its entry
    /// (elsewhere a key seen again adds an entry that replaces the first).
    fn dynamic_object_reopened(&mut self, shape: &'static Shape, dst: Dst) -> Result<()> {
        let path = match dst {
            Dst::Here => trame::Path::empty(),
            Dst::Field(i) => trame::Path::field(i),
            Dst::Append => trame::Path::append(),
        };
        self.op(Op::Set {
            dst: path,
            src: trame::Source::StageObjectDeferred(None),
        })?;
        let mut keys: Vec<String> = Vec::new();
        let mut first = true;
        while let Some(key) = object_key(&mut self.src, &mut first)? {
            let key = key.to_owned();
            match keys.iter().position(|k| *k == key) {
                Some(j) => self.op(Op::set().at(j as u32).stage_deferred())?,
                None => {
                    keys.push(key.clone());
                    self.op(Op::set().append().stage())?;
                    self.op(Op::set().at(0).imm(key.clone()))?;
                }
            }
            let p = self.peek()?;
            self.value(shape, Dst::Field(1), p)
                .map_err(|e| e.in_key(key))?;
            self.op(Op::end())?;
        }
        self.close(dst)
    }

    /// A number in a dynamic value: a signed or unsigned integer when it is
    /// written as one and fits 64 bits, else a float.
    fn dynamic_number(&mut self, shape: &'static Shape, dst: Dst, peek: Peek) -> Result<()> {
        if !peek.is_number() {
            return Err(self.wrong(shape, peek));
        }
        let start = self.at();
        let text = match self.src.number(peek)? {
            Number::Text(text) => text,
            Number::I64(i) => return self.put(dst, i),
            Number::U64(u) => return self.put(dst, u),
            Number::F64(f) => return self.put(dst, f),
            n @ (Number::I128(_) | Number::U128(_)) => {
                let text = n.text();
                return match (text.parse::<i64>(), text.parse::<u64>()) {
                    (Ok(i), _) => self.put(dst, i),
                    (_, Ok(u)) => self.put(dst, u),
                    _ => Err(self.out_of_range(shape, &text, start)),
                };
            }
        };
        if is_json_int(text) {
            if let Ok(i) = text.parse::<i64>() {
                return self.put(dst, i);
            }
            if let Ok(u) = text.parse::<u64>() {
                return self.put(dst, u);
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => self.put(dst, f),
            _ => Err(self.out_of_range(shape, text, start)),
        }
    }
}
