//! A parser that replays a script of events: for events no format crate
//! here emits (variant tags), look-ahead over a parser that cannot look
//! ahead itself, and scripts no honest parser would write.

use facet_format::{FormatParser, ParseError, ParseEvent, ParseEventKind, SavePoint};

/// Replays `events`, one by one.
pub struct Script<'de> {
    events: Vec<ParseEventKind<'de>>,
    next: usize,
    /// What `is_self_describing` answers.
    pub described: bool,
}

impl<'de> Script<'de> {
    pub fn new(events: Vec<ParseEventKind<'de>>) -> Self {
        Script {
            events,
            next: 0,
            described: true,
        }
    }
}

impl<'de> FormatParser<'de> for Script<'de> {
    fn is_self_describing(&self) -> bool {
        self.described
    }

    fn next_event(&mut self) -> Result<Option<ParseEvent<'de>>, ParseError> {
        let e = self.peek_event()?;
        self.next += usize::from(e.is_some());
        Ok(e)
    }

    fn peek_event(&mut self) -> Result<Option<ParseEvent<'de>>, ParseError> {
        Ok(self
            .events
            .get(self.next)
            .cloned()
            .map(|k| ParseEvent::new(k, Default::default())))
    }

    fn save(&mut self) -> SavePoint {
        SavePoint::new(self.next as u64)
    }

    fn restore(&mut self, save_point: SavePoint) {
        self.next = save_point.0 as usize;
    }

    fn skip_value(&mut self) -> Result<(), ParseError> {
        let mut depth = 0usize;
        while let Some(e) = self.next_event()? {
            match e.kind {
                ParseEventKind::StructStart(_) | ParseEventKind::SequenceStart(_) => depth += 1,
                ParseEventKind::StructEnd | ParseEventKind::SequenceEnd => {
                    depth = depth.saturating_sub(1);
                }
                ParseEventKind::FieldKey(_)
                | ParseEventKind::OptionSome
                | ParseEventKind::VariantTag(_) => continue,
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
        Ok(())
    }
}
