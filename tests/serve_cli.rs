//! `planpress serve` end to end: the real binary on a free port, a plan edited on disk, and
//! what the server then serves and tells the browser.

mod common;
use common::TestSite;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// A running `planpress serve`, killed on drop.
struct Served {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
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
    let port = free_port();
    let output = site.root().join("served");
    let mut child = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args([
            "serve",
            "--port",
            &port.to_string(),
            "--as-of",
            common::AS_OF,
            "--root",
        ])
        .arg(site.root())
        .arg("--output")
        .arg(&output)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, log) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let served = Served { child, port, log };
    served.wait_for_log("serving");
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
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
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
            "GET /__planpress/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
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
