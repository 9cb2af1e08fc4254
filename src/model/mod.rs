//! The typed model of the plan format (`shared/design/plan-format.md`): what a plan file
//! means once its front matter is decoded. Positions (`Span`s into the source file) are kept
//! on the parts that lints and errors point at.
//!
//! Submodules: [`decode`] (YAML tree -> model, collecting every error), [`status`] and
//! [`jurisdiction`] (vocabularies), [`timeframe`] (free-text dates), [`rollup`] (progress
//! and overdue), [`file_lints`] (warnings from the seeds' criteria of a good plan, and the
//! links of a body), [`anchors`] (the ids of a plan page's items and headings), [`compact`]
//! (8-byte spans and optional numbers for the numerous parts).

pub mod anchors;
pub mod compact;
pub mod decode;
pub mod file_lints;
pub mod intern;
pub mod jurisdiction;
pub mod rollup;
pub mod status;
pub mod timeframe;

use crate::content::source::{SourceId, Span};
use chrono::NaiveDate;
pub use compact::{OptionalNumber, SmallSpan};
pub use status::{ItemStatus, PlanStatus, PlanType};
use std::sync::Arc;
pub use timeframe::{Timeframe, TimeframeKind};

/// A timeframe and where the author wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    pub timeframe: Timeframe,
    pub span: SmallSpan,
}

impl Dated {
    pub fn due(&self) -> Option<NaiveDate> {
        self.timeframe.due()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// What roll-up and overdue need of an action, deliverable or timeline step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tracking {
    pub status: ItemStatus,
    /// 0-100, when the author gave one.
    pub progress: OptionalNumber,
    /// Share of the parent's mean; 1 when not given.
    pub weight: OptionalNumber,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Action,
    Deliverable,
}

/// An action step or a deliverable. A site holds hundreds of thousands of them for the whole
/// build, hence `Box<str>` for texts, a [`SmallSpan`] and the rare fields behind one box.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub kind: ItemKind,
    pub id: Option<Box<str>>,
    pub title: Box<str>,
    /// Responsibility: who does it.
    pub who: Option<Arc<str>>,
    pub when: Option<Dated>,
    pub resources: Option<Arc<str>>,
    pub measure: Option<Arc<str>>,
    /// `follow_up`, `challenges` and `note`, which few items have: read them with
    /// [`Item::notes`].
    pub notes: Option<Box<ItemNotes>>,
    pub tracking: Tracking,
    pub span: SmallSpan,
}

/// The rarely given texts of an item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemNotes {
    pub follow_up: Option<String>,
    pub challenges: Option<String>,
    pub note: Option<String>,
}

impl ItemNotes {
    /// None when every text is missing, so that most items need no box.
    pub fn boxed(self) -> Option<Box<ItemNotes>> {
        (self != ItemNotes::default()).then(|| Box::new(self))
    }
}

static NO_NOTES: ItemNotes = ItemNotes {
    follow_up: None,
    challenges: None,
    note: None,
};

impl Item {
    /// The item's notes, all empty when it has none.
    pub fn notes(&self) -> &ItemNotes {
        self.notes.as_deref().unwrap_or(&NO_NOTES)
    }
}

/// Held for the whole build like items, and as compact (`Box<str>`, [`SmallSpan`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub id: Option<Box<str>>,
    pub title: Box<str>,
    pub description: Option<Box<str>>,
    pub weight: OptionalNumber,
    pub actions: Vec<Item>,
    pub deliverables: Vec<Item>,
    pub span: SmallSpan,
}

impl Objective {
    /// Actions, then deliverables.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.actions.iter().chain(&self.deliverables)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    pub id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<f64>,
    pub objectives: Vec<Objective>,
    pub span: Span,
}

/// A dated process step (seed 001) or a phase (seed 004).
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineStep {
    pub id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub start: Option<Dated>,
    pub end: Option<Dated>,
    /// Party -> what it does, in the author's order.
    pub responsibilities: Vec<(String, Vec<String>)>,
    pub activities: Vec<String>,
    pub outcomes: Vec<String>,
    pub tracking: Tracking,
    pub span: Span,
}

/// Expected results by horizon (seed 003).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcomes {
    pub short: Vec<String>,
    pub intermediate: Vec<String>,
    pub long: Vec<String>,
}

impl Outcomes {
    pub fn is_empty(&self) -> bool {
        self.short.is_empty() && self.intermediate.is_empty() && self.long.is_empty()
    }
}

/// A number as written (`85%`, `1,200`) with its value when it reads as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub text: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: Option<String>,
    pub title: String,
    pub unit: Option<String>,
    pub baseline: Option<Quantity>,
    pub actual: Option<Quantity>,
    pub target: Option<Quantity>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub role: Option<String>,
    pub organization: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub source: SourceId,
    pub title: String,
    pub slug: String,
    /// Canonical codes, in the author's order (`IL`, `national`).
    pub jurisdictions: Vec<String>,
    /// Region ids, derived from the jurisdictions unless given.
    pub regions: Vec<String>,
    pub plan_type: PlanType,
    pub status: PlanStatus,
    pub period: Option<Period>,
    pub updated: Option<NaiveDate>,
    pub summary: Option<String>,
    pub charge: Option<String>,
    pub purpose: Option<String>,
    pub vision: Option<String>,
    /// State-identified measurable result.
    pub simr: Option<String>,
    pub partners: Vec<String>,
    pub workgroup: Vec<Member>,
    pub goals: Vec<Goal>,
    pub timeline: Vec<TimelineStep>,
    pub outcomes: Outcomes,
    pub measures: Vec<Measure>,
    /// Share of a jurisdiction's mean; 1 when not given.
    pub weight: Option<f64>,
    pub extra: serde_json::Value,
    /// The Markdown narrative, as a range of the source file.
    pub body: Span,
    pub spans: PlanSpans,
}

/// Where some plan-level values were written, for lints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanSpans {
    pub title: Span,
    pub status: Option<Span>,
    pub period: Option<Span>,
    pub slug: Option<Span>,
}

impl Plan {
    pub fn is_draft(&self) -> bool {
        self.status == PlanStatus::Draft
    }

    /// Every action and deliverable, with the goal and objective indexes it sits under.
    pub fn items(&self) -> impl Iterator<Item = (usize, usize, &Item)> {
        self.goals.iter().enumerate().flat_map(|(g, goal)| {
            goal.objectives
                .iter()
                .enumerate()
                .flat_map(move |(o, obj)| obj.items().map(move |item| (g, o, item)))
        })
    }

    /// What every countable unit (items, and timeline steps) tracks.
    pub fn trackings(&self) -> impl Iterator<Item = &Tracking> {
        self.items()
            .map(|(_, _, i)| &i.tracking)
            .chain(self.timeline.iter().map(|s| &s.tracking))
    }
}

/// A plain page (`kind: page`) or the home page text (`_index.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub source: SourceId,
    pub title: String,
    pub slug: String,
    pub description: Option<String>,
    /// Position in the navigation (lower first); pages without one come after, by title.
    pub order: Option<i64>,
    pub is_index: bool,
    pub extra: serde_json::Value,
    pub body: Span,
}

/// Helpers for unit tests: decode a plan from front matter text.
#[cfg(test)]
pub mod testing {
    use super::Plan;
    use crate::content::source::{SourceFile, SourceId};
    use crate::model::decode::Decoder;
    use crate::model::decode::plan::Document;
    use crate::model::jurisdiction::Jurisdictions;

    /// Decodes `yaml` (front matter without fences) and panics on any error.
    pub fn plan_from_yaml(yaml: &str) -> Plan {
        let (doc, diagnostics) = decode_yaml(yaml);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        match doc {
            Some(Document::Plan(plan)) => *plan,
            other => panic!("not a plan: {other:?}"),
        }
    }

    pub fn decode_yaml(yaml: &str) -> (Option<Document>, crate::diag::Diagnostics) {
        let file = SourceFile::new("t.md", "t.md", yaml.to_string());
        let root = crate::yaml::parse(&file, 0..file.text.len(), 1).expect("valid YAML");
        let interner = crate::model::intern::Interner::default();
        let mut decoder = Decoder::new(&file, SourceId(0), Default::default(), &interner);
        let doc = decoder.document(&root, Some("t".into()), 0..0, false, &Jurisdictions::builtin());
        (doc, decoder.diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::plan_from_yaml;

    /// A site holds an item per action and deliverable for the whole build (331,000 in the
    /// 10,000-plan benchmark): these bounds fail a change that makes them grow unnoticed.
    #[test]
    fn model_parts_stay_small() {
        let cases = [
            ("Item", size_of::<Item>(), 168),
            ("Tracking", size_of::<Tracking>(), 24),
            ("Option<Dated>", size_of::<Option<Dated>>(), 40),
            ("Objective", size_of::<Objective>(), 112),
        ];
        for (name, size, bound) in cases {
            assert!(size <= bound, "{name} is {size} bytes, more than {bound}");
        }
    }

    #[test]
    fn item_notes_are_boxed_only_when_given() {
        let yaml = "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - { title: a, note: see minutes }\n          - { title: b }\n";
        let plan = plan_from_yaml(yaml);
        let items: Vec<&Item> = plan.items().map(|(_, _, item)| item).collect();
        assert_eq!(items[0].notes().note.as_deref(), Some("see minutes"));
        assert_eq!(items[0].notes().follow_up, None);
        assert!(items[1].notes.is_none());
        assert_eq!(items[1].notes(), &ItemNotes::default());
    }

    #[test]
    fn repeated_who_resources_and_measure_are_one_copy() {
        let yaml = "title: P\nstate: IL\ntype: work-plan\ngoals:\n  - title: G\n    objectives:\n      - title: O\n        actions:\n          - { title: a, who: State Lead, resources: Staff time, measure: Count }\n          - { title: b, who: State Lead, resources: Staff time, measure: Count }\n          - { title: c, who: Region Lead }\n";
        let plan = plan_from_yaml(yaml);
        let items: Vec<&Item> = plan.items().map(|(_, _, item)| item).collect();
        let same = |a: &Option<Arc<str>>, b: &Option<Arc<str>>| {
            Arc::ptr_eq(a.as_ref().unwrap(), b.as_ref().unwrap())
        };
        assert!(same(&items[0].who, &items[1].who));
        assert!(same(&items[0].resources, &items[1].resources));
        assert!(same(&items[0].measure, &items[1].measure));
        assert!(!same(&items[0].who, &items[2].who));
        assert_eq!(items[2].who.as_deref(), Some("Region Lead"));
    }
}
