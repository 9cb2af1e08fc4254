//! The closed vocabularies of the format: item statuses, plan statuses and plan types, each
//! with the synonyms authors write. Pure: words in, values out.

use serde::Serialize;
use std::borrow::Cow;

/// Lowercases and folds spaces and underscores to hyphens: `Reported Completed`
/// -> `reported-completed`. Borrowed when already so (`in-progress`, as most are written):
/// the general path makes three allocations per word.
fn normalise(word: &str) -> Cow<'_, str> {
    let bytes = word.as_bytes();
    let is_normal = !word.is_empty()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !word.starts_with('-')
        && !word.ends_with('-')
        && !word.contains("--");
    if is_normal {
        return Cow::Borrowed(word);
    }
    let folded = word
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    Cow::Owned(folded)
}

/// A value of a closed vocabulary: its canonical name, its label, and the synonyms accepted.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every value with its canonical (kebab-case) name and its synonyms.
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])];

    fn parse(word: &str) -> Option<Self> {
        let word = normalise(word);
        Self::TABLE
            .iter()
            .find(|(_, name, synonyms)| *name == word || synonyms.contains(&&*word))
            .map(|(value, _, _)| *value)
    }

    /// Every canonical name, for "expected one of" messages.
    fn names() -> impl Iterator<Item = &'static str> {
        Self::TABLE.iter().map(|(_, name, _)| *name)
    }

    /// Canonical names and synonyms, for "did you mean" hints.
    fn all_words() -> impl Iterator<Item = &'static str> {
        Self::TABLE
            .iter()
            .flat_map(|(_, name, synonyms)| std::iter::once(*name).chain(synonyms.iter().copied()))
    }
}

macro_rules! canonical_name {
    ($ty:ty) => {
        impl $ty {
            /// The canonical name, as written in URLs and exports.
            pub fn name(self) -> &'static str {
                Self::TABLE
                    .iter()
                    .find(|(v, _, _)| *v == self)
                    .map(|(_, name, _)| *name)
                    .unwrap_or("")
            }
        }
        impl Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemStatus {
    NotStarted,
    InProgress,
    Ongoing,
    Completed,
    Delayed,
    OnHold,
    Cancelled,
    Tbd,
}

impl Vocabulary for ItemStatus {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (
            Self::NotStarted,
            "not-started",
            &["not-begun", "pending", "planned", "to-do", "todo", "new"],
        ),
        (
            Self::InProgress,
            "in-progress",
            &[
                "underway",
                "under-way",
                "started",
                "in-process",
                "active",
                "begun",
            ],
        ),
        (
            Self::Ongoing,
            "ongoing",
            &["on-going", "continuous", "continuing", "recurring"],
        ),
        (
            Self::Completed,
            "completed",
            &[
                "done",
                "complete",
                "reported-completed",
                "finished",
                "achieved",
                "met",
            ],
        ),
        (
            Self::Delayed,
            "delayed",
            &["behind", "late", "behind-schedule", "at-risk"],
        ),
        (Self::OnHold, "on-hold", &["paused", "hold", "suspended"]),
        (
            Self::Cancelled,
            "cancelled",
            &["canceled", "dropped", "withdrawn", "abandoned"],
        ),
        (Self::Tbd, "tbd", &["to-be-determined", "unscheduled", "unknown"]),
    ];
}
canonical_name!(ItemStatus);

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started",
            Self::InProgress => "In progress",
            Self::Ongoing => "Ongoing",
            Self::Completed => "Completed",
            Self::Delayed => "Delayed",
            Self::OnHold => "On hold",
            Self::Cancelled => "Cancelled",
            Self::Tbd => "To be determined",
        }
    }

    /// Finished items are never overdue.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanStatus {
    Draft,
    Initial,
    Intermediate,
    Final,
    Approved,
    Archived,
}

impl Vocabulary for PlanStatus {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Self::Draft, "draft", &["in-draft", "working-draft"]),
        (Self::Initial, "initial", &["initial-draft", "preliminary"]),
        (Self::Intermediate, "intermediate", &["interim", "revised"]),
        (
            Self::Final,
            "final",
            &["finalized", "finalised", "complete", "completed"],
        ),
        (Self::Approved, "approved", &["adopted", "signed"]),
        (Self::Archived, "archived", &["retired", "superseded", "closed"]),
    ];
}
canonical_name!(PlanStatus);

impl PlanStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Initial => "Initial",
            Self::Intermediate => "Intermediate",
            Self::Final => "Final",
            Self::Approved => "Approved",
            Self::Archived => "Archived",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanType {
    ActionPlan,
    TaPlan,
    WorkPlan,
    ImprovementPlan,
    ServiceDeliveryPlan,
}

impl Vocabulary for PlanType {
    const TABLE: &'static [(Self, &'static str, &'static [&'static str])] = &[
        (Self::ActionPlan, "action-plan", &["action"]),
        (
            Self::TaPlan,
            "ta-plan",
            &["technical-assistance-plan", "technical-assistance", "ta"],
        ),
        (Self::WorkPlan, "work-plan", &["workplan", "work"]),
        (
            Self::ImprovementPlan,
            "improvement-plan",
            &["improvement", "quality-improvement-plan"],
        ),
        (
            Self::ServiceDeliveryPlan,
            "service-delivery-plan",
            &["service-delivery", "sdp"],
        ),
    ];
}
canonical_name!(PlanType);

impl PlanType {
    pub fn label(self) -> &'static str {
        match self {
            Self::ActionPlan => "Action plan",
            Self::TaPlan => "Technical assistance plan",
            Self::WorkPlan => "Work plan",
            Self::ImprovementPlan => "Improvement plan",
            Self::ServiceDeliveryPlan => "Service delivery plan",
        }
    }

    pub fn plural_label(self) -> &'static str {
        match self {
            Self::ActionPlan => "Action plans",
            Self::TaPlan => "Technical assistance plans",
            Self::WorkPlan => "Work plans",
            Self::ImprovementPlan => "Improvement plans",
            Self::ServiceDeliveryPlan => "Service delivery plans",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_status_synonyms() {
        let cases = [
            ("done", Some(ItemStatus::Completed)),
            ("Complete", Some(ItemStatus::Completed)),
            ("reported completed", Some(ItemStatus::Completed)),
            ("Reported_Completed", Some(ItemStatus::Completed)),
            ("underway", Some(ItemStatus::InProgress)),
            ("In Progress", Some(ItemStatus::InProgress)),
            ("not started", Some(ItemStatus::NotStarted)),
            ("on hold", Some(ItemStatus::OnHold)),
            ("canceled", Some(ItemStatus::Cancelled)),
            ("TBD", Some(ItemStatus::Tbd)),
            ("on-going", Some(ItemStatus::Ongoing)),
            ("don", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(ItemStatus::parse(input), want, "{input:?}");
        }
    }

    #[test]
    fn normalise_borrows_only_words_already_normal() {
        let cases = [
            ("in-progress", "in-progress", true),
            ("q3-2017", "q3-2017", true),
            ("In Progress", "in-progress", false),
            ("-done-", "done", false),
            ("on--hold", "on-hold", false),
            ("on_hold ", "on-hold", false),
            ("", "", false),
        ];
        for (input, want, borrowed) in cases {
            let got = normalise(input);
            assert_eq!(got, want, "{input:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{input:?}");
        }
    }

    #[test]
    fn names_round_trip_for_every_vocabulary() {
        for (value, name, _) in ItemStatus::TABLE {
            assert_eq!(ItemStatus::parse(name), Some(*value));
            assert_eq!(value.name(), *name);
        }
        for (value, name, _) in PlanStatus::TABLE {
            assert_eq!(PlanStatus::parse(name), Some(*value));
        }
        for (value, name, _) in PlanType::TABLE {
            assert_eq!(PlanType::parse(name), Some(*value));
        }
        assert_eq!(
            PlanType::parse("Technical Assistance Plan"),
            Some(PlanType::TaPlan)
        );
    }

    #[test]
    fn closed_statuses_are_completed_and_cancelled() {
        let closed: Vec<_> = ItemStatus::TABLE
            .iter()
            .map(|t| t.0)
            .filter(|s| s.is_closed())
            .collect();
        assert_eq!(closed, [ItemStatus::Completed, ItemStatus::Cancelled]);
    }

    #[test]
    fn serialises_as_canonical_name() {
        assert_eq!(serde_json::to_string(&ItemStatus::OnHold).unwrap(), "\"on-hold\"");
        assert_eq!(serde_json::to_string(&PlanType::TaPlan).unwrap(), "\"ta-plan\"");
    }
}
