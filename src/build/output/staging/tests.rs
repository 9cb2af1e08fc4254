use super::*;
use crate::build::output::Manifest;
use crate::output_file::hash;

fn target(out: &Path) -> OutputTarget {
    OutputTarget::resolve(out.parent().unwrap(), out).unwrap()
}

/// Builds `files` into `target`; returns, per file, whether it was written afresh.
fn build(target: &OutputTarget, files: &[(&str, &str)]) -> (Vec<bool>, Swap) {
    let staging = Staging::new(target).unwrap();
    let mut marker = Marker {
        fingerprint: Some(7),
        ..Marker::default()
    };
    let mut written = Vec::new();
    for (path, text) in files {
        let (hash, fresh) = staging.write(&OutputFile::new(*path, *text)).unwrap();
        marker.manifest.insert(path.to_string(), hash);
        written.push(fresh);
    }
    let swap = staging.commit(&marker).unwrap();
    (written, swap)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn unchanged_files_are_linked_from_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site/public");
    let t = target(&out);
    assert_eq!(build(&t, &[("a.html", "one"), ("b.html", "two")]).0, [true, true]);
    assert_eq!(
        build(&t, &[("a.html", "one"), ("b.html", "three")]).0,
        [false, true]
    );
    assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");
    assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "three");
    assert_eq!(Marker::read(&out).unwrap().fingerprint, Some(7));
}

#[test]
fn a_file_edited_by_hand_is_written_again_even_at_the_same_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let t = target(&out);
    build(&t, &[("a.html", "one")]);
    std::fs::write(out.join("a.html"), "two").unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
    let file = std::fs::File::options()
        .append(true)
        .open(out.join("a.html"))
        .unwrap();
    file.set_modified(later).unwrap();
    assert_eq!(build(&t, &[("a.html", "one")]).0, [true]);
    assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "one");
}

#[test]
fn commit_swaps_the_new_site_in_and_leaves_only_the_lock_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("gone.html"), "old").unwrap();
    std::fs::write(out.join(MARKER), "").unwrap();
    let (_, swap) = build(&target(&out), &[("a/b/index.html", "new")]);
    assert_eq!(swap, Swap::Atomic);
    assert_eq!(
        std::fs::read_to_string(out.join("a/b/index.html")).unwrap(),
        "new"
    );
    assert!(!out.join("gone.html").exists());
    assert!(out.join(MARKER).exists());
    assert_eq!(names(dir.path()), [".public.planpress-lock", "public"]);
}

#[test]
fn dropped_staging_leaves_the_previous_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "old").unwrap();
    std::fs::write(out.join(MARKER), "").unwrap();
    {
        let staging = Staging::new(&target(&out)).unwrap();
        staging.write(&OutputFile::new("index.html", "new")).unwrap();
    }
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
    assert_eq!(names(dir.path()), [".public.planpress-lock", "public"]);
}

#[test]
fn folders_killed_builds_left_are_removed_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    for leftover in [
        ".public.staging-1",
        ".public.old-1",
        ".public.old-4242",
        ".public.planpress-staging-a1b2c3",
        ".public.planpress-old-zz9",
    ] {
        std::fs::create_dir_all(dir.path().join(leftover).join("plans")).unwrap();
    }
    // Not planpress's: another output's folders, and names that only look alike.
    for kept in [".docs.staging-1", ".public.staging-final", "public-old-1"] {
        std::fs::create_dir_all(dir.path().join(kept)).unwrap();
    }
    build(&target(&out), &[("index.html", "x")]);
    assert_eq!(
        names(dir.path()),
        [
            ".docs.staging-1",
            ".public.planpress-lock",
            ".public.staging-final",
            "public",
            "public-old-1"
        ]
    );
}

#[test]
fn a_second_build_of_the_same_output_waits_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let t = target(&out);
    let first = Staging::new(&t).unwrap();
    assert!(matches!(Staging::new(&t), Err(OutputError::Busy(_))));
    // It did not take the running build's folder for a leftover.
    assert!(first.dir().exists());
    drop(first);
    assert!(Staging::new(&t).is_ok());
}

#[test]
fn an_output_updated_in_place_gets_new_files_and_loses_gone_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mnt");
    let mut t = target(&out);
    t.in_place = true;
    std::fs::create_dir_all(&out).unwrap();
    let (_, swap) = build(
        &t,
        &[("a.html", "one"), ("x/y/gone.html", "bye"), ("c.html", "same")],
    );
    assert_eq!(swap, Swap::InPlace);
    let (written, _) = build(
        &t,
        &[("a.html", "two"), ("c.html", "same"), ("d/index.html", "new")],
    );
    assert_eq!(written, [true, false, true]);
    assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "two");
    assert_eq!(std::fs::read_to_string(out.join("c.html")).unwrap(), "same");
    assert_eq!(std::fs::read_to_string(out.join("d/index.html")).unwrap(), "new");
    assert!(
        !out.join("x").exists(),
        "a gone file and its emptied folders are removed"
    );
    let marker = Marker::read(&out).unwrap();
    assert_eq!(marker.fingerprint, Some(7));
    let want: Manifest = [("a.html", "two"), ("c.html", "same"), ("d/index.html", "new")]
        .into_iter()
        .map(|(p, t)| (p.to_string(), hash(t.as_bytes())))
        .collect();
    assert_eq!(marker.manifest, want);
    assert_eq!(
        names(&out),
        [".planpress", ".planpress-lock", "a.html", "c.html", "d"]
    );
    assert_eq!(names(dir.path()), ["mnt"], "nothing is made beside the folder");
}

#[cfg(unix)]
#[test]
fn an_output_symlink_is_kept_and_its_target_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www/site");
    std::fs::create_dir_all(&www).unwrap();
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    let link = dir.path().join("site/public");
    std::os::unix::fs::symlink(&www, &link).unwrap();
    let t = OutputTarget::resolve(&dir.path().join("site"), &link).unwrap();
    build(&t, &[("index.html", "one")]);
    build(&t, &[("index.html", "two")]);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(link.join("index.html")).unwrap(), "two");
    assert_eq!(std::fs::read_to_string(www.join("index.html")).unwrap(), "two");
}

#[test]
fn the_writer_refuses_paths_outside_the_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site/public");
    let staging = Staging::new(&target(&out)).unwrap();
    for rel in ["/index.html", "../../escaped.html", "plans//index.html", ""] {
        assert!(
            matches!(
                staging.write(&OutputFile::new(rel, "x")),
                Err(OutputError::Unsafe { .. })
            ),
            "{rel:?}"
        );
        let fill: &Fill = &|w| w.write_all(b"x");
        assert!(staging.stream(rel, fill).is_err(), "{rel:?}");
    }
    assert!(!dir.path().join("escaped.html").exists());
}

#[test]
fn leftover_names_are_recognised() {
    let cases = [
        (".public.staging-17", ".public", true),
        (".public.old-1", ".public", true),
        (".public.planpress-staging-x", ".public", true),
        (".public.planpress-old-x", ".public", true),
        (".public.planpress-lock", ".public", false),
        (".public.staging-", ".public", false),
        (".public.staging-1a", ".public", false),
        (".site.old-1", ".public", false),
        (".planpress-staging-x", "", true),
        (".staging-1", "", false),
    ];
    for (name, stem, want) in cases {
        assert_eq!(is_leftover(name, stem), want, "{name} {stem}");
    }
}
