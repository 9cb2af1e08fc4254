//! Property tests over the front matter -> model path: any text, and YAML-shaped text built
//! from plan keys and hostile values, decodes without panicking, and every diagnostic it
//! yields can be printed (its span lies inside the file). Runs a bounded number of cases
//! (PROPTEST_CASES, default 256) so it fits in CI.

use planpress::content::source::{SourceFile, SourceId, Sources};
use planpress::diag::render::human_string;
use planpress::model::jurisdiction::Jurisdictions;
use planpress::site::load::decode_file;
use proptest::prelude::*;

fn decode_and_print(text: String) {
    let mut sources = Sources::default();
    let id = sources.add(SourceFile::new("content/x.md", "content/x.md", text));
    let (_, diagnostics) = decode_file(
        sources.get(id),
        SourceId(0),
        "x.md",
        &Default::default(),
        &Jurisdictions::builtin(),
        &Default::default(),
    );
    for d in diagnostics.iter() {
        let printed = human_string(d, &sources);
        assert!(!printed.is_empty());
    }
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "title",
        "state",
        "states",
        "type",
        "status",
        "period",
        "goals",
        "objectives",
        "actions",
        "deliverables",
        "who",
        "when",
        "progress",
        "weight",
        "timeline",
        "start",
        "end",
        "id",
        "extra",
        "outcomes",
        "measures",
        "region",
        "responsibilty",
        "kind",
    ])
    .prop_map(str::to_string)
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("IL".to_string()),
        Just("[IN, OH]".to_string()),
        Just("2011-02-30".to_string()),
        Just("{ start: 2012-01-01, end: 2011-01-01 }".to_string()),
        Just("-1e999".to_string()),
        Just("&a [*a]".to_string()),
        Just("\"unterminated".to_string()),
        Just("\t".to_string()),
        Just("é—🙂".to_string()),
        "[a-zA-Z0-9 :,\\[\\]{}\\-#&*!|>'\"]{0,30}",
    ]
}

fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec((0usize..6, key(), value(), any::<bool>()), 0..25).prop_map(|lines| {
        let mut text = String::from("---\n");
        for (indent, k, v, dash) in lines {
            text.push_str(&" ".repeat(indent * 2));
            if dash {
                text.push_str("- ");
            }
            text.push_str(&format!("{k}: {v}\n"));
        }
        text.push_str("---\nbody [link](@/x.md)\n");
        text
    })
}

proptest! {
    #[test]
    fn any_text_decodes_without_panic(text in "\\PC{0,400}") {
        decode_and_print(text);
    }

    #[test]
    fn any_front_matter_decodes_without_panic(text in yamlish()) {
        decode_and_print(text);
    }

    #[test]
    fn crlf_and_bom_variants_decode_without_panic(text in yamlish(), bom in any::<bool>()) {
        let text = text.replace('\n', "\r\n");
        decode_and_print(if bom { format!("\u{feff}{text}") } else { text });
    }
}
