//! Types for the three standard JSON benchmark corpora (citm_catalog,
//! twitter, canada), deriving both `serde::Deserialize` and `Facet` so that
//! the two deserializers can be compared on the same values.
//!
//! They exercise, between them: maps with integer keys written as strings
//! and with string keys, nested structs, `rename_all` and `rename`, many
//! `Option` fields (some absent from the input), `Option<Box<Self>>`, unit
//! `()` fields from `null`, tuples and arrays, unit-variant enums, and
//! about a hundred thousand floats.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use facet::Facet;
use serde::Deserialize;

/// The corpus file `name`, from the repository's `data/json/`. Panics with
/// a clear message when it is missing.
pub fn corpus(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/json");
    let path = dir.join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "corpus file {} is missing ({e}): the JSON corpora (citm_catalog.json, \
             twitter.json, canada.json) must be in data/json/ at the repository \
             root",
            path.display()
        )
    })
}

// ---- citm_catalog.json ----------------------------------------------------

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase", deny_unknown_fields)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CitmCatalog {
    pub area_names: BTreeMap<u32, String>,
    pub audience_sub_category_names: BTreeMap<u64, String>,
    pub block_names: HashMap<String, String>,
    pub events: BTreeMap<u32, Event>,
    pub performances: Vec<Performance>,
    pub seat_category_names: HashMap<u64, String>,
    pub sub_topic_names: BTreeMap<i64, String>,
    pub subject_names: HashMap<String, String>,
    pub topic_names: BTreeMap<u32, String>,
    pub topic_sub_topics: BTreeMap<u32, Vec<u32>>,
    pub venue_names: HashMap<String, String>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub description: (),
    pub id: u32,
    pub logo: Option<String>,
    pub name: String,
    pub sub_topic_ids: Vec<u32>,
    pub subject_code: (),
    pub subtitle: Option<String>,
    pub topic_ids: Vec<u32>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
pub struct Performance {
    pub event_id: u32,
    pub id: u32,
    pub logo: Option<String>,
    pub name: Option<String>,
    pub prices: Vec<Price>,
    pub seat_categories: Vec<SeatCategory>,
    pub seat_map_image: Option<String>,
    pub start: u64,
    pub venue_code: String,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub amount: u32,
    pub audience_sub_category_id: u64,
    pub seat_category_id: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
pub struct SeatCategory {
    pub areas: Vec<Area>,
    pub seat_category_id: u32,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[facet(rename_all = "camelCase")]
#[serde(rename_all = "camelCase")]
pub struct Area {
    pub area_id: u32,
    pub block_ids: Vec<u32>,
}

// ---- twitter.json ---------------------------------------------------------

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Twitter {
    pub statuses: Vec<Status>,
    pub search_metadata: SearchMetadata,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Status {
    pub metadata: Metadata,
    pub created_at: String,
    pub id: u64,
    pub id_str: String,
    pub text: String,
    pub source: String,
    pub truncated: bool,
    pub in_reply_to_status_id: Option<u64>,
    pub in_reply_to_status_id_str: Option<String>,
    pub in_reply_to_user_id: Option<u32>,
    pub in_reply_to_user_id_str: Option<String>,
    pub in_reply_to_screen_name: Option<String>,
    pub user: User,
    pub geo: (),
    pub coordinates: (),
    pub place: (),
    pub contributors: (),
    pub retweeted_status: Option<Box<Status>>,
    pub retweet_count: u32,
    pub favorite_count: u32,
    pub entities: StatusEntities,
    pub favorited: bool,
    pub retweeted: bool,
    pub possibly_sensitive: Option<bool>,
    pub lang: String,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Metadata {
    pub result_type: ResultType,
    pub iso_language_code: String,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
#[facet(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum ResultType {
    Recent,
    Popular,
    Mixed,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct User {
    pub id: u32,
    pub id_str: String,
    pub name: String,
    pub screen_name: String,
    pub location: String,
    pub description: String,
    pub url: Option<String>,
    pub entities: UserEntities,
    pub protected: bool,
    pub followers_count: u32,
    pub friends_count: u32,
    pub listed_count: u32,
    pub created_at: String,
    pub favourites_count: u32,
    pub utc_offset: Option<i32>,
    pub time_zone: Option<String>,
    pub geo_enabled: bool,
    pub verified: bool,
    pub statuses_count: u32,
    pub lang: String,
    pub contributors_enabled: bool,
    pub is_translator: bool,
    pub is_translation_enabled: bool,
    pub profile_background_color: String,
    pub profile_background_image_url: String,
    pub profile_background_image_url_https: String,
    pub profile_background_tile: bool,
    pub profile_image_url: String,
    pub profile_image_url_https: String,
    pub profile_banner_url: Option<String>,
    pub profile_link_color: String,
    pub profile_sidebar_border_color: String,
    pub profile_sidebar_fill_color: String,
    pub profile_text_color: String,
    pub profile_use_background_image: bool,
    pub default_profile: bool,
    pub default_profile_image: bool,
    pub following: bool,
    pub follow_request_sent: bool,
    pub notifications: bool,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct UserEntities {
    pub url: Option<UserUrl>,
    pub description: UserEntitiesDescription,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct UserUrl {
    pub urls: Vec<Url>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct UserEntitiesDescription {
    pub urls: Vec<Url>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct StatusEntities {
    pub hashtags: Vec<Hashtag>,
    pub symbols: Vec<String>,
    pub urls: Vec<Url>,
    pub user_mentions: Vec<UserMention>,
    pub media: Option<Vec<Media>>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Hashtag {
    pub text: String,
    pub indices: (u32, u32),
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Url {
    pub url: String,
    pub expanded_url: String,
    pub display_url: String,
    pub indices: [u32; 2],
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct UserMention {
    pub screen_name: String,
    pub name: String,
    pub id: u64,
    pub id_str: String,
    pub indices: Indices,
}

/// A one-field tuple struct: deserialized as its field (a newtype).
#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Indices(pub [u16; 2]);

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Media {
    pub id: u64,
    pub id_str: String,
    pub indices: (u32, u32),
    pub media_url: String,
    pub media_url_https: String,
    pub url: String,
    pub display_url: String,
    pub expanded_url: String,
    #[facet(rename = "type")]
    #[serde(rename = "type")]
    pub media_type: String,
    pub sizes: Sizes,
    pub source_status_id: Option<u64>,
    pub source_status_id_str: Option<String>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Sizes {
    pub medium: Size,
    pub small: Size,
    pub thumb: Size,
    pub large: Size,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Size {
    pub w: u16,
    pub h: u16,
    pub resize: Resize,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
#[facet(rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum Resize {
    Fit,
    Crop,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct SearchMetadata {
    pub completed_in: f64,
    pub max_id: u64,
    pub max_id_str: String,
    pub next_results: String,
    pub query: String,
    pub refresh_url: String,
    pub count: u8,
    pub since_id: u64,
    pub since_id_str: String,
}

// ---- canada.json ----------------------------------------------------------

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Canada {
    #[facet(rename = "type")]
    #[serde(rename = "type")]
    pub obj_type: ObjType,
    pub features: Vec<Feature>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Feature {
    #[facet(rename = "type")]
    #[serde(rename = "type")]
    pub obj_type: ObjType,
    pub properties: Properties,
    pub geometry: Geometry,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Properties {
    pub name: String,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
pub struct Geometry {
    #[facet(rename = "type")]
    #[serde(rename = "type")]
    pub obj_type: ObjType,
    pub coordinates: Vec<Vec<(f64, f64)>>,
}

#[derive(Facet, Deserialize, Debug, PartialEq)]
#[repr(u8)]
pub enum ObjType {
    FeatureCollection,
    Feature,
    Polygon,
}
