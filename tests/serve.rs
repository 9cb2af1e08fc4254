//! The development server over real TCP on 127.0.0.1: files and folders, content types,
//! 404 pages, path traversal, dot-files, the Host check, idle clients, a taken port, and the
//! live-reload event stream.
//!
//! Requests are written by hand on a TcpStream, so the request path reaches the server
//! exactly as written (no client normalises `..` away). Every read has a deadline.

use planpress::serve::{EVENTS_PATH, Limits, RELOAD_SCRIPT_PATH, ServeError, ServeOptions, Server};
use std::fs;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(10);
const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-OUTPUT";

struct Site {
    dir: tempfile::TempDir,
    server: Server,
}

impl Site {
    /// A served output folder with a home page, a plan page, a 404 page and a few assets,
    /// and a secret file beside (outside) the output folder.
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files: &[(&str, &[u8])] = &[
            ("index.html", b"<h1>Plans dashboard</h1>"),
            ("404.html", b"<h1>Page not found</h1>"),
            ("plans/il-work-plan/index.html", b"<h1>Illinois work plan</h1>"),
            ("style.css", b"body{}"),
            ("search.js", b"let x;"),
            ("data/plans.json", b"{}"),
            ("feed.xml", b"<feed/>"),
            ("badges/il.svg", b"<svg/>"),
            ("calendar.ics", b"BEGIN:VCALENDAR"),
            ("data/actions.csv", b"plan,who"),
            ("robots.txt", b"User-agent: *"),
            ("logo.png", b"\x89PNG"),
            ("photo.jpg", b"\xff\xd8"),
            ("photo.webp", b"RIFF"),
            ("fonts/x.woff2", b"wOF2"),
        ];
        for (path, bytes) in files {
            let path = out.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        fs::create_dir_all(dir.path().join("outside")).unwrap();
        fs::write(dir.path().join("outside/secret.txt"), SECRET).unwrap();
        let server = start(&out, 0).unwrap();
        Site { dir, server }
    }

    /// The same site served under these limits.
    fn with_limits(limits: Limits) -> Site {
        let site = Site::new();
        let dir = site.dir;
        site.server.stop();
        let server = Server::start(&ServeOptions {
            output: dir.path().join("public"),
            port: 0,
            limits,
            ..ServeOptions::default()
        })
        .unwrap();
        Site { dir, server }
    }

    fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn get(&self, path: &str) -> Reply {
        request(self.server.local_addr(), "GET", path)
    }
}

fn start(output: &Path, port: u16) -> Result<Server, ServeError> {
    Server::start(&ServeOptions {
        output: output.to_path_buf(),
        port,
        ..ServeOptions::default()
    })
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream
}

/// One HTTP/1.1 request with `Connection: close`, read to the end.
fn request(addr: SocketAddr, method: &str, path: &str) -> Reply {
    exchange(
        addr,
        &format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `head` as written and reads the answer to the end.
fn exchange(addr: SocketAddr, head: &str) -> Reply {
    let mut stream = connect(addr);
    stream.write_all(head.as_bytes()).unwrap();
    read_reply(stream)
}

fn read_reply(mut stream: TcpStream) -> Reply {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let body = raw[split + 4..].to_vec();
    Reply { status, head, body }
}

#[test]
fn serves_pages_and_folders() {
    let site = Site::new();
    let home = site.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.text(), "<h1>Plans dashboard</h1>");
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));

    let plan = site.get("/plans/il-work-plan/");
    assert_eq!(plan.status, 200);
    assert_eq!(plan.text(), "<h1>Illinois work plan</h1>");

    let folder = site.get("/plans/il-work-plan");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/plans/il-work-plan/"));
}

#[test]
fn content_types_fit_each_kind_of_file() {
    let site = Site::new();
    let cases = [
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/search.js", "javascript"),
        ("/data/plans.json", "application/json"),
        ("/feed.xml", "xml"),
        ("/badges/il.svg", "image/svg+xml"),
        ("/calendar.ics", "text/calendar"),
        ("/data/actions.csv", "text/csv"),
        ("/robots.txt", "text/plain"),
        ("/logo.png", "image/png"),
        ("/photo.jpg", "image/jpeg"),
        ("/photo.webp", "image/webp"),
        ("/fonts/x.woff2", "font/woff2"),
    ];
    for (path, want) in cases {
        let reply = site.get(path);
        assert_eq!(reply.status, 200, "{path}");
        let got = reply.header("content-type").unwrap_or_default();
        assert!(got.contains(want), "{path}: {got}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{path}");
    }
}

#[test]
fn missing_page_gets_404_with_the_sites_404_page() {
    let site = Site::new();
    let reply = site.get("/plans/no-such-plan/");
    assert_eq!(reply.status, 404);
    assert_eq!(reply.text(), "<h1>Page not found</h1>");
    assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));

    fs::remove_file(site.output().join("404.html")).unwrap();
    let reply = site.get("/missing");
    assert_eq!(reply.status, 404);
    assert!(reply.text().contains("not found"), "{}", reply.text());
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = Site::new();
    let out = site.output();
    std::os::unix::fs::symlink("/etc", out.join("etc")).unwrap();
    std::os::unix::fs::symlink(site.dir.path().join("outside/secret.txt"), out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.dir.path().join("outside"), out.join("outside")).unwrap();
    let attacks = [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e%5c..%5cetc%5cpasswd",
        "/..\\..\\etc\\passwd",
        "/%2e%2e/outside/secret.txt",
        "/../outside/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/etc/",
        "/leak.txt",
        "/outside/secret.txt",
        "/index.html%00.txt",
        "/%00",
    ];
    for path in attacks {
        let reply = site.get(path);
        let text = reply.text();
        assert!([400, 404].contains(&reply.status), "{path}: {}", reply.head);
        assert!(!text.contains("root:"), "{path} leaked /etc/passwd");
        assert!(!text.contains(SECRET), "{path} leaked a file outside the output");
    }
    // The absolute path of the secret, as a request path.
    let secret = site.dir.path().join("outside/secret.txt");
    let reply = site.get(&secret.display().to_string());
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains(SECRET));
}

#[test]
fn only_get_and_head_are_answered() {
    let site = Site::new();
    let addr = site.server.local_addr();
    let head = request(addr, "HEAD", "/style.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("6"));
    assert!(head.body.is_empty());

    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(request(addr, method, "/index.html").status, 405, "{method}");
        assert_eq!(request(addr, method, RELOAD_SCRIPT_PATH).status, 405, "{method}");
    }
}

#[test]
fn serves_the_folder_a_build_swapped_in() {
    let site = Site::new();
    let out = site.output();
    let next = site.dir.path().join("next");
    fs::create_dir_all(&next).unwrap();
    fs::write(next.join("index.html"), "<h1>Rebuilt</h1>").unwrap();
    fs::rename(&out, site.dir.path().join("old")).unwrap();
    fs::rename(&next, &out).unwrap();
    assert_eq!(site.get("/").text(), "<h1>Rebuilt</h1>");
}

#[test]
fn live_script_is_javascript() {
    let site = Site::new();
    let reply = site.get(RELOAD_SCRIPT_PATH);
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let script = reply.text();
    assert!(script.contains("EventSource"));
    assert!(script.contains("Build failed: showing the last good version"));
    assert!(script.contains("textContent"));
    assert!(!script.contains("innerHTML"));
}

#[test]
fn taken_port_is_a_clear_error() {
    let site = Site::new();
    let port = site.server.local_addr().port();
    match start(&site.output(), port) {
        Err(error @ ServeError::PortTaken { .. }) => {
            let message = error.to_string();
            assert_eq!(
                message,
                format!("port {port} is in use; pass --port N or stop the other server")
            );
        }
        Err(other) => panic!("expected PortTaken, got {other}"),
        Ok(_) => panic!("a second server started on port {port}"),
    }
}

#[test]
fn stop_closes_event_streams_and_frees_the_port() {
    let site = Site::new();
    let addr = site.server.local_addr();
    let mut events = Events::open(addr);
    events.wait_for(|text| text.contains("event: ok"));
    let started = Instant::now();
    site.server.stop();
    assert!(started.elapsed() < WAIT, "stop took {:?}", started.elapsed());
    events.wait_for_close();
    let again = start(&site.dir.path().join("public"), addr.port()).unwrap();
    assert_eq!(again.local_addr(), addr);
}

/// A raw Server-Sent Events connection, read with deadlines.
struct Events {
    stream: TcpStream,
    text: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = connect(addr);
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        write!(
            stream,
            "GET /__planpress/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events {
            stream,
            text: String::new(),
        }
    }

    /// Reads until `done` holds for everything read so far; panics after [`WAIT`].
    fn wait_for(&mut self, done: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !done(&self.text) {
            assert!(
                Instant::now() < deadline,
                "timed out; the stream so far:\n{}",
                self.text
            );
            if self.read_some() == Some(0) {
                panic!("the stream closed; so far:\n{}", self.text);
            }
        }
    }

    fn wait_for_close(&mut self) {
        let deadline = Instant::now() + WAIT;
        while self.read_some() != Some(0) {
            assert!(Instant::now() < deadline, "the stream stayed open");
        }
    }

    /// Bytes read, Some(0) at the end of the stream, None when nothing came in time.
    fn read_some(&mut self) -> Option<usize> {
        let mut buf = [0; 4096];
        match self.stream.read(&mut buf) {
            Ok(n) => {
                self.text.push_str(&String::from_utf8_lossy(&buf[..n]));
                Some(n)
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => None,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => Some(0),
            Err(e) => panic!("reading events: {e}"),
        }
    }
}

#[test]
fn events_tell_pages_to_reload_and_show_errors() {
    let site = Site::new();
    let mut events = Events::open(site.server.local_addr());
    // The stream opens with the server's id and the current state: no error.
    events.wait_for(|text| text.contains("event: hello") && text.contains("event: ok"));
    assert!(events.text.starts_with("HTTP/1.1 200"), "{}", events.text);
    assert!(
        events
            .text
            .to_ascii_lowercase()
            .contains("content-type: text/event-stream")
    );

    site.server.reload();
    events.wait_for(|text| text.contains("event: reload\ndata: *\n"));
    // A reload for some pages names them, one path a line.
    site.server
        .reload_pages(&["/plans/a/".to_owned(), "/states/il/".to_owned()]);
    events.wait_for(|text| text.contains("event: reload\ndata: /plans/a/\ndata: /states/il/\n"));

    let diagnostics = "error: unknown status `don`\n  --> content/il/work-plan.md:14:13\n<b>x</b>";
    site.server.set_error(Some(diagnostics.to_owned()));
    events.wait_for(|text| text.contains("event: error\n"));
    events.wait_for(|text| {
        text.contains(
            "data: error: unknown status `don`\ndata:   --> content/il/work-plan.md:14:13\ndata: <b>x</b>\n",
        )
    });

    site.server.set_error(None);
    events.wait_for(|text| text.matches("event: ok").count() == 2);
}

#[test]
fn page_opened_while_the_build_is_broken_gets_the_error() {
    let site = Site::new();
    site.server.set_error(Some("error: bad plan".to_owned()));
    let mut events = Events::open(site.server.local_addr());
    events.wait_for(|text| text.contains("event: error\ndata: error: bad plan\n"));
    assert!(!events.text.contains("event: ok"));

    // A good rebuild reloads the page and clears the error for pages that connect later.
    site.server.reload();
    events.wait_for(|text| text.contains("event: reload"));
    let mut later = Events::open(site.server.local_addr());
    later.wait_for(|text| text.contains("event: ok"));
    assert!(!later.text.contains("event: error"));
}

#[test]
fn planpress_marker_and_temporaries_are_not_served() {
    let site = Site::new();
    let out = site.output();
    fs::write(out.join(".planpress"), format!("fingerprint {SECRET}")).unwrap();
    fs::write(out.join("plans/il-work-plan/.index.html.planpress-tmp"), SECRET).unwrap();
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/config"), SECRET).unwrap();
    for path in [
        "/.planpress",
        "/%2eplanpress",
        "/plans/il-work-plan/.index.html.planpress-tmp",
        "/.git/config",
        "/.git/",
    ] {
        let reply = site.get(path);
        assert_eq!(reply.status, 404, "{path}: {}", reply.head);
        assert!(!reply.text().contains(SECRET), "{path} was served");
    }
}

#[test]
fn requests_naming_another_host_are_refused() {
    let site = Site::new();
    let addr = site.server.local_addr();
    let port = addr.port();
    let refused = [
        format!("GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".to_string(),
        format!("GET /missing HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
        format!(
            "GET {RELOAD_SCRIPT_PATH} HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
        ),
        format!("GET {EVENTS_PATH} HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
        format!("POST / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
        format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"),
        "GET / HTTP/1.0\r\n\r\n".to_string(),
    ];
    for head in refused {
        let reply = exchange(addr, &head);
        assert_eq!(reply.status, 403, "{head:?}: {}", reply.head);
        assert!(
            reply.text().contains(&format!("http://127.0.0.1:{port}/")),
            "{}",
            reply.text()
        );
        assert!(!reply.text().contains("Plans dashboard"));
    }
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        addr.to_string(),
    ] {
        let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let reply = exchange(addr, &head);
        assert_eq!(reply.status, 200, "{host}: {}", reply.head);
        assert_eq!(reply.text(), "<h1>Plans dashboard</h1>");
    }
}

/// Reads until the server closes the connection; panics after [`WAIT`].
fn wait_until_closed(mut stream: TcpStream) {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut sink = Vec::new();
    match stream.read_to_end(&mut sink) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the connection stayed open: {e}"),
    }
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let timeout = Duration::from_millis(300);
    let site = Site::with_limits(Limits {
        header_timeout: timeout,
        ..Limits::default()
    });
    let addr = site.server.local_addr();
    let started = Instant::now();
    let silent = connect(addr);
    let mut partial = connect(addr);
    write!(partial, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").unwrap();
    wait_until_closed(silent);
    wait_until_closed(partial);
    assert!(
        started.elapsed() >= timeout,
        "dropped after {:?}",
        started.elapsed()
    );
    // A client that sends its request at once is served as before.
    assert_eq!(site.get("/").status, 200);
}

#[test]
fn idle_connections_cannot_starve_a_real_request() {
    let timeout = Duration::from_millis(500);
    let site = Site::with_limits(Limits {
        header_timeout: timeout,
        max_connections: 4,
        ..Limits::default()
    });
    let addr = site.server.local_addr();
    let started = Instant::now();
    // Twice as many idle clients as the server takes at once.
    let idle: Vec<TcpStream> = (0..8).map(|_| connect(addr)).collect();
    let mut real = connect(addr);
    write!(
        real,
        "GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let reply = read_reply(real);
    assert_eq!(reply.status, 200, "{}", reply.head);
    assert_eq!(reply.text(), "<h1>Plans dashboard</h1>");
    // Answered only once the first idle clients gave their places up: the limit holds.
    assert!(
        started.elapsed() >= timeout,
        "answered after {:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn event_stream_outlives_the_header_timeout() {
    let site = Site::with_limits(Limits {
        header_timeout: Duration::from_millis(200),
        ..Limits::default()
    });
    let mut events = Events::open(site.server.local_addr());
    events.wait_for(|text| text.contains("event: ok"));
    // Several timeouts long: only the reading of a request's head is timed.
    std::thread::sleep(Duration::from_millis(1000));
    site.server.reload();
    events.wait_for(|text| text.contains("event: reload"));
}

#[test]
fn bound_to_every_interface_any_ip_address_is_answered_but_no_other_name() {
    let site = Site::new();
    let server = Server::start(&ServeOptions {
        output: site.output(),
        bind: "0.0.0.0".parse().unwrap(),
        port: 0,
        ..ServeOptions::default()
    })
    .unwrap();
    let port = server.local_addr().port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let cases = [
        (format!("192.0.2.7:{port}"), 200),
        (format!("[2001:db8::7]:{port}"), 200),
        (format!("localhost:{port}"), 200),
        (format!("my-laptop.local:{port}"), 403),
        (format!("evil.example:{port}"), 403),
    ];
    for (host, want) in cases {
        let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(exchange(addr, &head).status, want, "{host}");
    }
}

#[test]
fn a_client_that_stops_reading_gives_its_place_up() {
    let site = Site::with_limits(Limits {
        write_timeout: Duration::from_millis(300),
        max_connections: 1,
        ..Limits::default()
    });
    // Far more than the kernel buffers of a connection whose reader never reads.
    let size = 16 << 20;
    fs::write(site.output().join("big.bin"), vec![b'x'; size]).unwrap();
    let addr = site.server.local_addr();
    let mut stalled = connect(addr);
    write!(
        stalled,
        "GET /big.bin HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // The one place is the stalled client's until the server stops waiting for it.
    let reply = site.get("/");
    assert_eq!(reply.status, 200, "{}", reply.head);
    let mut received = Vec::new();
    match stalled.read_to_end(&mut received) {
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
        Err(e) => panic!("the stalled connection stayed open: {e}"),
    }
    assert!(received.len() < size, "the whole file was sent");
}

#[test]
fn any_connection_limit_serves_without_panicking() {
    for max_connections in [0, 1, usize::MAX] {
        let site = Site::with_limits(Limits {
            max_connections,
            ..Limits::default()
        });
        assert_eq!(site.get("/").status, 200, "{max_connections}");
        assert_eq!(site.get("/").status, 200, "{max_connections}");
    }
}
