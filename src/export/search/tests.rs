use super::*;
use crate::site::testing::{EMPTY_PLAN, HOSTILE_PLAN, WORK_PLAN, site_and_index};
use serde_json::Value;

/// The index first, then the shards in order: as the tests read the files.
fn files(site: &Site, index: &Index, urls: &Urls) -> Vec<OutputFile> {
    let mut out = super::files(site, index, urls);
    out.sort_by_key(|f| {
        f.path
            .trim_start_matches("search/")
            .trim_end_matches(".json")
            .parse::<usize>()
            .ok()
    });
    out
}

fn output(plans: &[&str]) -> Vec<(String, Value)> {
    let (site, index) = site_and_index(plans);
    files(&site, &index, &Urls::new("/sub/"))
        .into_iter()
        .map(|f| (f.path, serde_json::from_slice(&f.bytes).expect("valid JSON")))
        .collect()
}

#[test]
fn index_names_its_shards() {
    let out = output(&[WORK_PLAN, EMPTY_PLAN]);
    assert_eq!(out[0].0, "search/index.json");
    assert_eq!(
        out[0].1,
        serde_json::json!({"shards": ["search/0.json"], "count": 2})
    );
    assert_eq!(out[1].0, "search/0.json");
    assert_eq!(out[1].1.as_array().expect("array").len(), 2);
}

#[test]
fn docs_hold_the_searchable_text() {
    let out = output(&[WORK_PLAN, EMPTY_PLAN]);
    let docs = &out[1].1;
    let work = &docs[0];
    assert_eq!(work["t"], "Community Systems Work Plan");
    assert_eq!(work["u"], "/sub/plans/csdwg/");
    assert_eq!(work["s"], "Build community systems.");
    assert_eq!(work["j"], "Illinois");
    let x = work["x"].as_str().expect("text");
    for want in [
        "Work plan",
        "Final",
        "Advise the task force",
        "Provide technical assistance",
        "Build a cadre of consultants",
        "Toolkit",
        "CSDWG, HVTF",
        "Identify needs",
        "State Specialists",
        "Home Visiting Task Force",
        "Jane Doe",
    ] {
        assert!(x.contains(want), "x lacks {want:?}: {x}");
    }
    assert_eq!(x.matches("CSDWG").count(), 2, "each phrase once: {x}");
    assert_eq!(docs[1]["j"], "Illinois, Indiana");
    assert_eq!(docs[1]["s"], "");
}

#[test]
fn hostile_text_stays_data() {
    let (site, index) = site_and_index(&[HOSTILE_PLAN]);
    let files = files(&site, &index, &Urls::new("/"));
    let raw = String::from_utf8(files[1].bytes.clone()).expect("UTF-8");
    assert!(raw.contains(r#""t":"<script>&\"' =cmd""#), "{raw}");
    assert!(!raw.contains('\n'), "compact");
}

#[test]
fn hand_written_docs_are_what_serde_writes() {
    let (site, index) = site_and_index(&[WORK_PLAN, HOSTILE_PLAN, EMPTY_PLAN]);
    let mut docs: Vec<SearchDoc> = index
        .published
        .iter()
        .map(|&i| doc(&site, &Urls::new("/"), i))
        .collect();
    docs.push(SearchDoc {
        t: "\"quoted\" \\ \u{1}".into(),
        u: "/a\"b/".into(),
        s: "tab\there\nline é".into(),
        j: String::new(),
        x: "\u{1f}\u{7f} 进度 \\".into(),
    });
    for doc in docs {
        let mut ours = Vec::new();
        push_doc(&mut ours, &doc);
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(&doc).unwrap()
        );
    }
}

#[test]
fn text_is_capped_by_characters() {
    assert_eq!(cap("ééé".into(), 2), "éé");
    assert_eq!(cap("ééé".into(), 3), "ééé");
    assert_eq!(cap("ab".into(), 5), "ab");
    assert_eq!(cap("abc".into(), 2), "ab");
}

#[test]
fn whitespace_is_folded_unless_already_single_spaces() {
    let cases = [
        (" a \n\t b ", "a b"),
        ("a b", "a b"),
        ("a  b", "a b"),
        (" a", "a"),
        ("a ", "a"),
        ("", ""),
        ("   ", ""),
        ("a\u{a0}b\u{3000}c é", "a b c é"),
        ("a\rb", "a b"),
    ];
    for (input, want) in cases {
        let folded = fold_space(input);
        assert_eq!(folded, want, "{input:?}");
        assert_eq!(
            folded,
            input.split_whitespace().collect::<Vec<_>>().join(" "),
            "{input:?}"
        );
    }
}

#[test]
fn folded_text_is_recognised() {
    let cases = [
        ("", true),
        ("a", true),
        ("a b c", true),
        ("a  b", false),
        (" a", false),
        ("a ", false),
        (" ", false),
        ("a\tb", false),
        ("é", false),
        ("a~!b", true),
        ("a b  c", false),
        ("a b\u{7f}", false),
        ("  ", false),
    ];
    for (input, want) in cases {
        assert_eq!(is_folded(input), want, "{input:?}");
    }
}

/// Documents per shard when `docs` are sharded, checking each shard is a JSON array of
/// them and the index names every shard.
fn shard(docs: &[String]) -> Vec<usize> {
    let mut files = Vec::new();
    let mut shards = Shards::new(|f| files.push(f));
    docs.iter().for_each(|d| shards.push(d));
    shards.finish();
    let head = files.pop().expect("the index comes last");
    assert_eq!(head.path, INDEX_PATH);
    let head: Value = serde_json::from_slice(&head.bytes).unwrap();
    assert_eq!(head["count"], docs.len());
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(head["shards"], serde_json::json!(names));
    let mut sizes = Vec::new();
    let mut rest = docs.iter();
    for f in &files {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let inner = &text[1..text.len() - 1];
        let n = if inner.is_empty() {
            0
        } else {
            inner.split(',').count()
        };
        let expected: Vec<&str> = rest.by_ref().take(n).map(String::as_str).collect();
        assert_eq!(inner, expected.join(","));
        sizes.push(n);
    }
    sizes
}

#[test]
fn shards_split_by_count_and_size() {
    let small: Vec<String> = (0..1_201).map(|n| format!("{{\"t\":\"{n}\"}}")).collect();
    assert_eq!(shard(&small), [500, 500, 201]);
    let big: Vec<String> = (0..3).map(|_| "x".repeat(MAX_SHARD_BYTES / 2)).collect();
    assert_eq!(shard(&big), [1, 1, 1]);
    assert_eq!(shard(&[]), [0]);
}

#[test]
fn realistic_shards_stay_under_a_megabyte() {
    let long = "word ".repeat(2_000);
    let plan = format!(
        "title: {long}\nslug: big\nstate: IL\ntype: work-plan\nstatus: final\nsummary: {long}\n\
         goals: [{{title: '{long}', objectives: [{{title: O, actions: ['{long}']}}]}}]\n"
    );
    let plans: Vec<&str> = std::iter::repeat_n(plan.as_str(), 3).collect();
    let (mut site, _) = site_and_index(&plans);
    for (n, p) in site.plans.iter_mut().enumerate() {
        p.slug = format!("big-{n}");
    }
    let mut index = Index::new(&site, false);
    index.published = std::iter::repeat_n(0, 600).collect();
    for f in files(&site, &index, &Urls::new("/")) {
        assert!(f.bytes.len() < 1_000_000, "{} is {} bytes", f.path, f.bytes.len());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
    #[test]
    fn any_doc_and_index_are_written_as_serde_writes_them(
        texts in proptest::collection::vec("(\\PC|[\"\\\\\u{0}-\u{1f}\u{7f}])*", 5),
        count in 0..usize::MAX,
    ) {
        let doc = SearchDoc {
            t: texts[0].clone(),
            u: texts[1].clone(),
            s: texts[2].clone(),
            j: texts[3].clone(),
            x: texts[4].clone(),
        };
        let mut ours = Vec::new();
        push_doc(&mut ours, &doc);
        proptest::prop_assert_eq!(ours, serde_json::to_vec(&doc).unwrap());
        let index = SearchIndex { shards: texts, count };
        let mut ours = Vec::new();
        push_index(&mut ours, &index);
        proptest::prop_assert_eq!(ours, serde_json::to_vec(&index).unwrap());
    }
}
