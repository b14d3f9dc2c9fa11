//! Every change a session can undergo. `apply` (in `apply.rs`) is the only code that changes a
//! `Session`, and it takes one of these.
//!
//! In files an event is a one-key map, the key naming the kind of change:
//! `add_item: {list: p2.purposes, id: i7, text: 野良猫のトラブルを減らしたい}`.
//! A history record puts its time (and, for undo and redo, `by`) beside that key.

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::session::{
    Achieved, ActionItem, Activity, BenefitKind, Coop, Disclosure, Id, Idea, IdeaKind, Lang,
    ListRef, Participant, Party, Previous, Status, TextField,
};
use super::stamp::Stamp;

/// Set any free-text field (a title, a name, an item's text, a role, a benefit, ...).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetText {
    pub field: TextField,
    pub text: String,
}

/// Set the meeting's date and start time.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetStart {
    pub start: Option<Stamp>,
}

/// Record when the meeting closed (閉会), or take the record back (`null`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetEnd {
    pub end: Option<Stamp>,
}

/// Set the next meeting's date and start time (次回).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetNextStart {
    pub start: Option<Stamp>,
}

/// Say whether the meeting is public (公開) or closed (非公開), or neither (`null`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDisclosure {
    pub disclosure: Option<Disclosure>,
}

/// Record the meeting this one follows up (what it decided and left open, and what was
/// carried over from it), or none. Made once, when a follow-up meeting is created.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPrevious {
    pub previous: Option<Previous>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLang {
    pub lang: Lang,
}

/// Choose the host party (or none).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetHost {
    pub party: Option<Id>,
}

/// Move the room to step 1–5.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetStep {
    pub step: u8,
}

/// How far the meeting got (`meta.reached`): the furthest step it has been in. A step change
/// that goes further than before carries one beside its `set_step`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetReached {
    pub step: u8,
}

/// Ring the terminal bell when a timebox runs out, or not (`meta.bell`).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetBell {
    pub on: bool,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetTimebox {
    pub step: u8,
    pub minutes: u32,
}

/// Set a step's timer: seconds spent so far, and when it started running (if it runs).
/// Starting the timer sets `running_since`; stopping it adds the stretch to `spent_sec`.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetTimer {
    pub step: u8,
    pub spent_sec: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_since: Option<Stamp>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddParty {
    pub party: Party,
    /// Position in the list; at the end when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddItem {
    pub list: ListRef,
    pub id: Id,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddActivity {
    pub activity: Activity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// A party joins an activity (a new row of its 相利評価表).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddParticipant {
    pub activity: Id,
    pub participant: Participant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddAction {
    pub action: ActionItem,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddIdea {
    pub idea: Idea,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

/// Remove a party, an item, an activity, an action item or an idea. Refused while anything
/// still refers to it (remove the references first, in the same batch).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Remove {
    pub id: Id,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveParticipant {
    pub activity: Id,
    pub party: Id,
}

/// Move a party, an item, an activity, an action item or an idea to a new position in its list.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Move {
    pub id: Id,
    pub to: usize,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetCoop {
    pub activity: Id,
    #[schemars(range(min = 1, max = 3))]
    pub coop: Coop,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLead {
    pub activity: Id,
    pub party: Option<Id>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetStatus {
    pub activity: Id,
    pub status: Status,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetVotes {
    pub activity: Id,
    pub votes: u32,
}

/// Link (or unlink) one of a party's purposes or challenges to its part in an activity:
/// "this activity serves this purpose of this party".
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetLink {
    pub activity: Id,
    pub party: Id,
    pub item: Id,
    pub on: bool,
    /// Where to put the link when turning it on; at the end when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAchieved {
    pub activity: Id,
    pub party: Id,
    pub achieved: Achieved,
}

/// What kinds of gain a party's benefit in an activity is (money, goods, ...).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetBenefitKinds {
    pub activity: Id,
    pub party: Id,
    pub kinds: Vec<BenefitKind>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDone {
    pub action: Id,
    pub done: bool,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetActionActivity {
    pub action: Id,
    pub activity: Option<Id>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetIdeaKind {
    pub idea: Id,
    pub kind: IdeaKind,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetIdeaActivity {
    pub idea: Id,
    pub activity: Option<Id>,
}

/// Declares the `Event` enum from one table: variant, payload type and the key used in files.
/// Generates the enum, its key, and its serde and JSON Schema forms (a one-key map), so adding
/// an event is one line here plus its arm in `apply`.
macro_rules! events {
    ($( $(#[$doc:meta])* $variant:ident($payload:ty) = $key:literal, )*) => {
        #[derive(Clone, PartialEq, Eq, Debug)]
        pub enum Event {
            $( $(#[$doc])* $variant($payload), )*
        }

        impl Event {
            /// Every event key, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$($key),*];

            /// The key that names this kind of event in files.
            pub fn key(&self) -> &'static str {
                match self { $( Event::$variant(_) => $key, )* }
            }

            /// Write this event as one `key: payload` entry of a map.
            pub fn serialize_entry<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                match self { $( Event::$variant(p) => map.serialize_entry($key, p), )* }
            }

            /// Read the payload for `key` from `map`; `None` when `key` names no event.
            pub fn read_entry<'de, A: MapAccess<'de>>(
                key: &str,
                map: &mut A,
            ) -> Result<Option<Event>, A::Error> {
                Ok(Some(match key {
                    $( $key => Event::$variant(map.next_value()?), )*
                    _ => return Ok(None),
                }))
            }

            /// JSON Schemas of the one-key maps, one per kind of event, each with the
            /// `extra` properties (a record's `at` and `by`) allowed beside the key.
            pub fn variant_schemas(
                generator: &mut schemars::SchemaGenerator,
                extra: &serde_json::Map<String, serde_json::Value>,
                extra_required: &[&str],
            ) -> Vec<serde_json::Value> {
                let mut out = vec![];
                $(
                    let mut properties = extra.clone();
                    properties.insert(
                        $key.to_string(),
                        generator.subschema_for::<$payload>().to_value(),
                    );
                    let mut required: Vec<&str> = extra_required.to_vec();
                    required.push($key);
                    out.push(serde_json::json!({
                        "type": "object",
                        "properties": properties,
                        "required": required,
                        "additionalProperties": false,
                    }));
                )*
                out
            }
        }
    };
}

events! {
    SetText(SetText) = "set_text",
    SetStart(SetStart) = "set_start",
    SetLang(SetLang) = "set_lang",
    SetHost(SetHost) = "set_host",
    SetStep(SetStep) = "set_step",
    SetTimebox(SetTimebox) = "set_timebox",
    SetTimer(SetTimer) = "set_timer",
    AddParty(AddParty) = "add_party",
    AddItem(AddItem) = "add_item",
    AddActivity(AddActivity) = "add_activity",
    AddParticipant(AddParticipant) = "add_participant",
    AddAction(AddAction) = "add_action",
    AddIdea(AddIdea) = "add_idea",
    Remove(Remove) = "remove",
    RemoveParticipant(RemoveParticipant) = "remove_participant",
    Move(Move) = "move",
    SetCoop(SetCoop) = "set_coop",
    SetLead(SetLead) = "set_lead",
    SetStatus(SetStatus) = "set_status",
    SetVotes(SetVotes) = "set_votes",
    SetLink(SetLink) = "set_link",
    SetAchieved(SetAchieved) = "set_achieved",
    SetDone(SetDone) = "set_done",
    SetActionActivity(SetActionActivity) = "set_action_activity",
    SetIdeaKind(SetIdeaKind) = "set_idea_kind",
    SetIdeaActivity(SetIdeaActivity) = "set_idea_activity",
    SetReached(SetReached) = "set_reached",
    SetBell(SetBell) = "set_bell",
    SetBenefitKinds(SetBenefitKinds) = "set_benefit_kinds",
    SetEnd(SetEnd) = "set_end",
    SetNextStart(SetNextStart) = "set_next_start",
    SetDisclosure(SetDisclosure) = "set_disclosure",
    SetPrevious(Box<SetPrevious>) = "set_previous",
    /// Several changes made as one: applied all or none, undone as one.
    Batch(Vec<Event>) = "batch",
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        self.serialize_entry(&mut map)?;
        map.end()
    }
}

pub(crate) fn unknown_event<E: de::Error>(key: &str) -> E {
    E::custom(format_args!(
        "unknown change `{key}` (known: {})",
        Event::KEYS.join(", ")
    ))
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Event, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Event;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a change, like `add_item: {...}`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Event, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::custom("expected a change, found an empty map"));
                };
                let event = Event::read_entry(&key, &mut map)?
                    .ok_or_else(|| unknown_event::<A::Error>(&key))?;
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format_args!(
                        "one change per entry, found `{key}` and `{extra}`"
                    )));
                }
                Ok(event)
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for Event {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Event".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let variants = Event::variant_schemas(generator, &serde_json::Map::new(), &[]);
        schemars::json_schema!({
            "description": "A change: a map with one key naming the kind of change",
            "oneOf": variants,
        })
    }
}
