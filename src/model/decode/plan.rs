//! The shape of a plan file and a plain page: which keys each level takes and what they
//! become. Reads through the primitives of [`Decoder`].

use super::{Decoder, Fields, fitted};
use crate::content::source::Span;
use crate::model::jurisdiction::Jurisdictions;
use crate::model::status::Vocabulary;
use crate::model::timeframe::TimeframeKind;
use crate::model::*;
use crate::segment::{RESERVED_PAGE_SLUGS, RESERVED_PLAN_SLUGS};
use crate::yaml::{Node, Value};

const PLAN_KEYS: &[&str] = &[
    "kind",
    "title",
    "slug",
    "state",
    "states",
    "region",
    "type",
    "status",
    "period",
    "updated",
    "summary",
    "charge",
    "purpose",
    "vision",
    "simr",
    "partners",
    "workgroup",
    "goals",
    "timeline",
    "outcomes",
    "measures",
    "weight",
    "extra",
];
const PAGE_KEYS: &[&str] = &["kind", "title", "slug", "description", "order", "extra"];
const GOAL_KEYS: &[&str] = &["id", "title", "description", "weight", "objectives"];
const OBJECTIVE_KEYS: &[&str] = &["id", "title", "description", "weight", "actions", "deliverables"];
/// `responsibility` and `timeframe` are the seeds' column names for `who` and `when`.
const ITEM_KEYS: &[&str] = &[
    "id",
    "title",
    "who",
    "responsibility",
    "when",
    "timeframe",
    "due",
    "resources",
    "measure",
    "follow_up",
    "challenges",
    "note",
    "status",
    "progress",
    "weight",
];
const STEP_KEYS: &[&str] = &[
    "id",
    "title",
    "description",
    "start",
    "end",
    "due",
    "status",
    "progress",
    "weight",
    "responsibilities",
    "activities",
    "outcomes",
];
const MEASURE_KEYS: &[&str] = &["id", "title", "unit", "baseline", "actual", "target", "note"];
const MEMBER_KEYS: &[&str] = &["name", "role", "organization"];
const OUTCOME_KEYS: &[&str] = &["short", "intermediate", "long"];

/// What a content file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Plan(Box<Plan>),
    Page(Page),
}

impl Decoder<'_> {
    /// Decodes a front matter tree. `slug` is the default from the file name (None when
    /// the name makes none); `body` is the Markdown's range. Returns None when the file is
    /// too broken to use.
    pub fn document(
        &mut self,
        root: &Node,
        slug: Option<String>,
        body: Span,
        is_index: bool,
        jurisdictions: &Jurisdictions,
    ) -> Option<Document> {
        let kind = match &root.value {
            Value::Map(entries) => entries.iter().find_map(|(k, v)| match (&k.value, &v.value) {
                (Value::Scalar { text, .. }, Value::Scalar { text: kind, .. }) if text == "kind" => {
                    Some((kind.clone(), v.span.clone()))
                }
                _ => None,
            }),
            _ => None,
        };
        match kind {
            Some((k, _)) if k == "page" => self.page(root, slug, body, is_index).map(Document::Page),
            _ if is_index => self.page(root, slug, body, true).map(Document::Page),
            Some((k, _)) if k == "plan" => self
                .plan(root, slug, body, jurisdictions)
                .map(|p| Document::Plan(Box::new(p))),
            Some((k, span)) => {
                self.error("unknown-word", format!("unknown kind `{k}`"), span)
                    .help = Some("use `kind: page` for a plain page; plans need no `kind`".into());
                None
            }
            None => self
                .plan(root, slug, body, jurisdictions)
                .map(|p| Document::Plan(Box::new(p))),
        }
    }

    fn page(&mut self, root: &Node, slug: Option<String>, body: Span, is_index: bool) -> Option<Page> {
        let f = self.fields(root, "a page", PAGE_KEYS)?;
        let title = if is_index {
            self.text(f.get("title")).unwrap_or_default()
        } else {
            self.required_text(&f, "title", "the page")?
        };
        // The home page's text is not written under its slug.
        let reserved = if is_index { &[] } else { RESERVED_PAGE_SLUGS };
        let slug = self.slug(&f, slug, reserved);
        Some(Page {
            source: self.source,
            title,
            description: self.text(f.get("description")),
            order: self
                .number(f.get("order"), "order", (-1e9, 1e9))
                .map(|n| n as i64),
            is_index,
            extra: Self::json(f.get("extra")),
            body,
            slug: slug?,
        })
    }

    fn plan(
        &mut self,
        root: &Node,
        slug: Option<String>,
        body: Span,
        jurisdictions: &Jurisdictions,
    ) -> Option<Plan> {
        let f = self.fields(root, "a plan", PLAN_KEYS)?;
        let title = self.required_text(&f, "title", "the plan");
        let (codes, regions) = self.jurisdictions(&f, jurisdictions);
        let (codes, regions) = (fitted(codes), fitted(regions));
        let plan_type = match f.get("type") {
            Some(node) => self.word::<PlanType>(Some(node), "plan type"),
            None => {
                let span = self.head(&f.span);
                self.error("missing-key", "the plan has no `type`", span).help = Some(format!(
                    "add `type:` with one of {}",
                    PlanType::names().collect::<Vec<_>>().join(", ")
                ));
                None
            }
        };
        let status = match f.get("status") {
            Some(node) => self.word::<PlanStatus>(Some(node), "plan status"),
            None => Some(PlanStatus::Initial),
        };
        let period = self.period(f.get("period"));
        let goals = self.list_of(f.get("goals"), |d, n| d.goal(n));
        let timeline = self.list_of(f.get("timeline"), |d, n| d.step(n));
        let measures = self.list_of(f.get("measures"), |d, n| d.measure(n));
        let workgroup = self.list_of(f.get("workgroup"), |d, n| d.member(n));
        let outcomes = self.outcomes(f.get("outcomes"));
        let spans = PlanSpans {
            title: f
                .get("title")
                .map_or_else(|| self.head(&f.span), |n| n.span.clone()),
            status: f.get("status").map(|n| n.span.clone()),
            period: f.get("period").map(|n| self.head(&n.span)),
            slug: f.get("slug").map(|n| n.span.clone()),
        };
        let slug = self.slug(&f, slug, RESERVED_PLAN_SLUGS);
        let plan = Plan {
            source: self.source,
            jurisdictions: codes,
            regions,
            period: period.flatten(),
            updated: self.day(f.get("updated"), "updated"),
            summary: self.text(f.get("summary")),
            charge: self.text(f.get("charge")),
            purpose: self.text(f.get("purpose")),
            vision: self.text(f.get("vision")),
            simr: self.text(f.get("simr")),
            partners: self.text_list(f.get("partners"), "partners"),
            workgroup,
            goals,
            timeline,
            outcomes,
            measures,
            weight: self.number(f.get("weight"), "weight", (0.0, 1e6)),
            extra: Self::json(f.get("extra")),
            body,
            spans,
            slug: slug?,
            title: title?,
            plan_type: plan_type?,
            status: status?,
        };
        Some(plan)
    }

    /// `state: IL`, or `states: [IL, IN]`, and the regions they belong to (checked against
    /// `region:` when the author gives one).
    fn jurisdictions(&mut self, f: &Fields, known: &Jurisdictions) -> (Vec<String>, Vec<String>) {
        let nodes: Vec<&Node> = match (f.get("state"), f.get("states")) {
            (Some(one), None) => vec![one],
            (None, Some(many)) => match &many.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![many],
            },
            (Some(_), Some(many)) => {
                self.error(
                    "conflicting-keys",
                    "give `state` or `states`, not both",
                    self.head(&many.span),
                )
                .help = Some("list every jurisdiction under `states: [..]`".into());
                return (Vec::new(), Vec::new());
            }
            (None, None) => {
                let span = self.head(&f.span);
                self.error("missing-key", "the plan names no jurisdiction", span)
                    .help = Some("add `state: IL` (a code, or `national`), or `states: [IL, IN]`".into());
                return (Vec::new(), Vec::new());
            }
        };
        let mut codes = Vec::new();
        let mut derived = Vec::new();
        for node in nodes {
            let Some(text) = self.str(Some(node)) else {
                continue;
            };
            match known.get(text) {
                Some(j) => {
                    if !codes.contains(&j.code) {
                        codes.push(j.code.clone());
                    }
                    if let Some(r) = &j.region
                        && !derived.contains(r)
                    {
                        derived.push(r.clone());
                    }
                }
                None => {
                    let help = crate::diag::did_you_mean(text, known.codes())
                        .map(|c| format!("did you mean `{c}`?"))
                        .unwrap_or_else(|| "use a two-letter code such as IL or PR, or `national`; planpress.yaml can add jurisdictions".into());
                    self.error(
                        "unknown-jurisdiction",
                        format!("unknown jurisdiction `{text}`"),
                        node.span.clone(),
                    )
                    .help = Some(help);
                }
            }
        }
        let Some(node) = f.get("region") else {
            return (codes, derived);
        };
        let given: Vec<String> = match &node.value {
            Value::Seq(_) => self.text_list(Some(node), "region"),
            _ => self.text(Some(node)).into_iter().collect(),
        };
        let mut regions = Vec::new();
        for r in &given {
            match known.region(r) {
                Some(region) if derived.is_empty() || derived.contains(&region.id) => {
                    regions.push(region.id.clone())
                }
                Some(region) => {
                    let msg = format!(
                        "region {} does not match the plan's jurisdictions (region {})",
                        region.id,
                        derived.join(", ")
                    );
                    self.error("region-mismatch", msg, node.span.clone()).help =
                        Some("remove `region:`: it is derived from the state".into());
                }
                None => {
                    let ids: Vec<_> = known.regions().map(|r| r.id.clone()).collect();
                    self.error(
                        "unknown-region",
                        format!("unknown region `{r}`"),
                        node.span.clone(),
                    )
                    .help = Some(format!("use one of {}", ids.join(", ")));
                }
            }
        }
        for r in derived {
            if !regions.contains(&r) {
                regions.push(r);
            }
        }
        (codes, regions)
    }

    /// `period: {start, end}`: Some(None) when the value is unusable (already reported).
    fn period(&mut self, node: Option<&Node>) -> Option<Option<Period>> {
        let node = node?;
        let f = self.fields(node, "the period", &["start", "end"])?;
        let start = self.day(f.get("start"), "start");
        let end = self.day(f.get("end"), "end");
        let (Some(start), Some(end)) = (start, end) else {
            if f.get("start").is_none() || f.get("end").is_none() {
                let span = self.head(&node.span);
                self.error("missing-key", "the period needs a `start` and an `end`", span)
                    .help = Some("write `period: { start: 2016-09-01, end: 2017-08-31 }`".into());
            }
            return Some(None);
        };
        if end < start {
            self.error(
                "reversed-period",
                format!("the period ends ({end}) before it starts ({start})"),
                self.head(&node.span),
            )
            .help = Some("swap `start` and `end`".into());
            return Some(None);
        }
        Some(Some(Period { start, end }))
    }

    fn goal(&mut self, node: &Node) -> Option<Goal> {
        let f = self.fields(node, "a goal", GOAL_KEYS)?;
        let objectives = self.list_of(f.get("objectives"), |d, n| d.objective(n));
        Some(Goal {
            id: self.text(f.get("id")),
            description: self.text(f.get("description")),
            weight: self.number(f.get("weight"), "weight", (0.0, 1e6)),
            objectives,
            span: node.span.clone(),
            title: self.required_text(&f, "title", "a goal")?,
        })
    }

    fn objective(&mut self, node: &Node) -> Option<Objective> {
        let f = self.fields(node, "an objective", OBJECTIVE_KEYS)?;
        let actions = self.list_of(f.get("actions"), |d, n| d.item(n, ItemKind::Action));
        let deliverables = self.list_of(f.get("deliverables"), |d, n| d.item(n, ItemKind::Deliverable));
        Some(Objective {
            id: self.text(f.get("id")).map(Box::from),
            description: self.text(f.get("description")).map(Box::from),
            weight: self.number(f.get("weight"), "weight", (0.0, 1e6)).into(),
            actions,
            deliverables,
            span: node.span.clone().into(),
            title: self.required_text(&f, "title", "an objective")?.into(),
        })
    }

    /// An action or deliverable: a mapping, or a plain string that is its title.
    fn item(&mut self, node: &Node, kind: ItemKind) -> Option<Item> {
        let what = match kind {
            ItemKind::Action => "an action",
            ItemKind::Deliverable => "a deliverable",
        };
        if let Value::Scalar { text, .. } = &node.value {
            let tracking = Tracking {
                status: ItemStatus::NotStarted,
                progress: OptionalNumber::NONE,
                weight: OptionalNumber::NONE,
                due: None,
            };
            return Some(Item {
                kind,
                id: None,
                title: text.trim().into(),
                who: None,
                when: None,
                resources: None,
                measure: None,
                notes: None,
                tracking,
                span: node.span.clone().into(),
            });
        }
        let f = self.fields(node, what, ITEM_KEYS)?;
        let when = self.alias(&f, &["when", "timeframe"], what);
        let when = self.timeframe(when);
        let due = self.timeframe(f.get("due"));
        let tracking = self.tracking(&f, when.as_ref(), due.as_ref());
        let who = self.alias(&f, &["who", "responsibility"], what);
        let notes = ItemNotes {
            follow_up: self.text(f.get("follow_up")),
            challenges: self.text(f.get("challenges")),
            note: self.text(f.get("note")),
        };
        Some(Item {
            kind,
            id: self.text(f.get("id")).map(Box::from),
            who: self.shared_text(who),
            when,
            resources: self.shared_text(f.get("resources")),
            measure: self.shared_text(f.get("measure")),
            notes: notes.boxed(),
            tracking,
            span: node.span.clone().into(),
            title: self.required_text(&f, "title", what)?.into(),
        })
    }

    /// Status, progress, weight and due date. Without a `status`, the timeframe's keyword
    /// decides (`Completed`, `Ongoing`, `TBD`); otherwise the item is not started.
    fn tracking(&mut self, f: &Fields, when: Option<&Dated>, due: Option<&Dated>) -> Tracking {
        let status = match f.get("status") {
            Some(node) => self
                .word::<ItemStatus>(Some(node), "status")
                .unwrap_or(ItemStatus::NotStarted),
            None => match when.map(|w| w.timeframe.kind) {
                Some(TimeframeKind::Completed) => ItemStatus::Completed,
                Some(TimeframeKind::Ongoing) => ItemStatus::Ongoing,
                Some(TimeframeKind::Tbd) => ItemStatus::Tbd,
                _ => ItemStatus::NotStarted,
            },
        };
        // A `due:` that cannot be read would otherwise hide `when`'s date too, and the
        // item would never be overdue: say so, and fall back to `when`.
        let due = match due {
            Some(d) if d.timeframe.kind == TimeframeKind::Text => {
                let message = format!("`due: {}` is not a date planpress can read", d.timeframe.text);
                self.warning("unreadable-due", message, d.span.into()).help = Some(
                    "write a date (2026-06-30, 6/30/2026), a month, a quarter or FY2026; until then the item's due date comes from `when`".into(),
                );
                None
            }
            other => other,
        };
        Tracking {
            status,
            progress: self.number(f.get("progress"), "progress", (0.0, 100.0)).into(),
            weight: self.number(f.get("weight"), "weight", (0.0, 1e6)).into(),
            due: due.or(when).and_then(Dated::due),
        }
    }

    fn step(&mut self, node: &Node) -> Option<TimelineStep> {
        let f = self.fields(node, "a timeline step", STEP_KEYS)?;
        let start = self.timeframe(f.get("start"));
        let end = self.timeframe(f.get("end"));
        let due = self.timeframe(f.get("due"));
        let when = end.as_ref().or(start.as_ref());
        let tracking = self.tracking(&f, when, due.as_ref());
        let responsibilities = match f.get("responsibilities") {
            None => Vec::new(),
            Some(n) => match &n.value {
                Value::Map(entries) => fitted(
                    entries
                        .iter()
                        .filter_map(|(party, duties)| {
                            let party = self.text(Some(party))?;
                            let duties = match &duties.value {
                                Value::Scalar { text, .. } => vec![text.to_string()],
                                _ => self.text_list(Some(duties), &party),
                            };
                            Some((party, duties))
                        })
                        .collect(),
                ),
                _ => {
                    self.expected("a mapping of party: [what it does]", n);
                    Vec::new()
                }
            },
        };
        Some(TimelineStep {
            id: self.text(f.get("id")),
            description: self.text(f.get("description")),
            start,
            end,
            responsibilities,
            activities: self.text_list(f.get("activities"), "activities"),
            outcomes: self.text_list(f.get("outcomes"), "outcomes"),
            tracking,
            span: node.span.clone(),
            title: self.required_text(&f, "title", "a timeline step")?,
        })
    }

    fn outcomes(&mut self, node: Option<&Node>) -> Outcomes {
        let Some(f) = node.and_then(|n| self.fields(n, "the outcomes", OUTCOME_KEYS)) else {
            return Outcomes::default();
        };
        Outcomes {
            short: self.text_list(f.get("short"), "short"),
            intermediate: self.text_list(f.get("intermediate"), "intermediate"),
            long: self.text_list(f.get("long"), "long"),
        }
    }

    fn quantity(&mut self, node: Option<&Node>) -> Option<Quantity> {
        let text = self.text(node)?;
        let value = text
            .trim_end_matches('%')
            .replace(',', "")
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite());
        Some(Quantity { text, value })
    }

    fn measure(&mut self, node: &Node) -> Option<Measure> {
        let f = self.fields(node, "a measure", MEASURE_KEYS)?;
        Some(Measure {
            id: self.text(f.get("id")),
            unit: self.text(f.get("unit")),
            baseline: self.quantity(f.get("baseline")),
            actual: self.quantity(f.get("actual")),
            target: self.quantity(f.get("target")),
            note: self.text(f.get("note")),
            title: self.required_text(&f, "title", "a measure")?,
        })
    }

    fn member(&mut self, node: &Node) -> Option<Member> {
        if let Value::Scalar { text, .. } = &node.value {
            return Some(Member {
                name: text.trim().to_string(),
                role: None,
                organization: None,
            });
        }
        let f = self.fields(node, "a work group member", MEMBER_KEYS)?;
        Some(Member {
            role: self.text(f.get("role")),
            organization: self.text(f.get("organization")),
            name: self.required_text(&f, "name", "a work group member")?,
        })
    }
}

#[cfg(test)]
mod tests;
