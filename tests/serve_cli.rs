//! `planpress serve` end to end: the real binary on a free port, a plan edited on disk, and
//! what the server then serves and tells the browser; the private folder it builds in when
//! no `--output` is given, and its removal on Ctrl+C.

mod common;
use common::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// A running `planpress serve`, killed on drop.
struct Served {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
    /// The folder it serves, as it says.
    output: PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(site: &TestSite) -> Served {
    serve_in(site, Some(&site.root().join("served")), None)
}

/// `planpress serve` with `--output` when given, and `TMPDIR` (the system's temporary
/// folder) set to `temp` when given.
fn serve_in(site: &TestSite, output: Option<&Path>, temp: Option<&Path>) -> Served {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_planpress"));
    command
        .args([
            "serve",
            "--port",
            &port.to_string(),
            "--as-of",
            common::AS_OF,
            "--root",
        ])
        .arg(site.root());
    if let Some(output) = output {
        command.arg("--output").arg(output);
    }
    if let Some(temp) = temp {
        command.env("TMPDIR", temp);
    }
    let mut child = command.stderr(Stdio::piped()).spawn().unwrap();
    let (tx, log) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut served = Served {
        child,
        port,
        log,
        output: PathBuf::new(),
    };
    let seen = served.wait_for_log("serving");
    // `serving FOLDER on http://127.0.0.1:PORT/  (Ctrl+C to stop)`
    let line = seen.last().unwrap();
    let folder = line
        .strip_prefix("serving ")
        .and_then(|rest| rest.split(" on http").next());
    served.output = PathBuf::from(folder.unwrap_or_else(|| panic!("no folder in {line:?}")));
    served
}

impl Served {
    fn wait_for_log(&self, needle: &str) -> Vec<String> {
        let start = Instant::now();
        let mut seen = Vec::new();
        while start.elapsed() < DEADLINE {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(200)) {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
        }
        panic!("no {needle:?} in the server's output: {seen:#?}");
    }

    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut body = String::new();
        stream.read_to_string(&mut body).unwrap();
        body
    }

    /// Opens the live-reload event stream; lines arrive on the channel.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__planpress/events HTTP/1.1\r\nHost: localhost:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        rx
    }
}

/// Waits until an event stream line contains `needle`.
fn wait_for_event(events: &mpsc::Receiver<String>, needle: &str) {
    let start = Instant::now();
    let mut seen = Vec::new();
    while start.elapsed() < DEADLINE {
        if let Ok(line) = events.recv_timeout(Duration::from_millis(200)) {
            if line.contains(needle) {
                return;
            }
            seen.push(line);
        }
    }
    panic!("no {needle:?} among the events: {seen:#?}");
}

fn wait_for_page(served: &Served, path: &str, needle: &str) {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if served.get(path).contains(needle) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{path} never showed {needle:?}");
}

fn edit(site: &TestSite, from: &str, to: &str) {
    let path = site.root().join("content/illinois/csdwg-work-plan.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    // Like an editor: write a temporary file, then rename it over the plan.
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

#[test]
fn an_edit_shows_on_the_served_page_and_reloads_the_browser() {
    let site = TestSite::example();
    let served = serve(&site);
    let page = "/plans/csdwg-work-plan/";
    assert!(
        served.get(page).contains("live.js"),
        "serve mode includes the live-reload script"
    );
    let events = served.events();
    wait_for_event(&events, "event: ok");
    edit(&site, "title: ", "title: Freshly edited ");
    wait_for_page(&served, page, "Freshly edited");
    wait_for_event(&events, "event: reload");

    // A bad edit: the old page stays, the error goes to the terminal and the browser.
    edit(&site, "status: in-progress", "status: don");
    wait_for_event(&events, "event: error");
    wait_for_event(&events, "unknown status `don`");
    served.wait_for_log("still serving the last good site");
    assert!(served.get(page).contains("Freshly edited"));

    // The fix recovers without a restart.
    edit(&site, "status: don", "status: completed");
    wait_for_event(&events, "event: reload");
    edit(&site, "title: Freshly edited ", "title: Fixed ");
    wait_for_page(&served, page, "Fixed Community");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = TestSite::example();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let out = site.run(&["serve", "--port", &port.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains(&format!("port {port} is in use")),
        "{}",
        common::stderr(&out)
    );
}

/// Sends SIGINT, as Ctrl+C in a terminal does, and waits for the process to end.
#[cfg(unix)]
fn interrupt(served: &mut Served) -> std::process::ExitStatus {
    let pid = libc::pid_t::try_from(served.child.id()).unwrap();
    // SAFETY: kill has no memory effects; the child is ours and has not been waited for.
    let sent = unsafe { libc::kill(pid, libc::SIGINT) };
    assert_eq!(sent, 0, "kill -INT {pid}");
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if let Some(status) = served.child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("serve did not stop on Ctrl+C");
}

#[cfg(unix)]
#[test]
fn serve_builds_in_a_private_random_folder_removed_on_ctrl_c() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::example();
    let temp = tempfile::tempdir().unwrap();
    let mut first = serve_in(&site, None, Some(temp.path()));
    let second = serve_in(&site, None, Some(temp.path()));

    let folder = first.output.parent().unwrap().to_path_buf();
    assert_eq!(folder.parent(), Some(temp.path()), "{}", first.output.display());
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{}: {mode:o}", folder.display());
    assert_ne!(first.output, second.output, "two sessions share a folder");
    assert!(first.get("/plans/csdwg-work-plan/").contains("live.js"));
    // The marker is there, and not served.
    assert!(first.output.join(".planpress").is_file());
    let marker = first.get("/.planpress");
    assert!(marker.starts_with("HTTP/1.1 404"), "{marker}");

    let status = interrupt(&mut first);
    assert_eq!(status.code(), Some(0), "{status:?}");
    first.wait_for_log("stopping");
    assert!(!folder.exists(), "{} was left behind", folder.display());
    assert!(second.output.is_dir(), "the other session's folder was touched");
}
