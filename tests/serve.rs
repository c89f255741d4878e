//! `normsite serve`: serves the site from memory, rebuilds on change, shows build errors
//! in the browser and recovers when they are fixed.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, write};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// (status code, body) of a GET on loopback.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    let status = buf.split_whitespace().nth(1)?.parse().ok()?;
    let body = buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Some((status, body))
}

/// Polls until `f` holds or 30 seconds pass (a bound, not a timing assertion).
fn wait_for(mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors_in_the_browser() {
    let site = fixture("site-basic");
    let port = free_port();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_normsite"))
            .args(["serve", "--quiet", "--root", site.path().to_str().unwrap(), "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    assert!(wait_for(|| get(port, "/en/").is_some_and(|(s, _)| s == 200)), "server came up");
    let (_, home) = get(port, "/en/").unwrap();
    assert!(home.contains("/__normsite/reload.js"), "pages carry the live-reload script");
    let (_, v1) = get(port, "/__normsite/version").unwrap();

    write(site.path(), "content/guide/setup.en.md", "---\ntitle: Freshly edited\n---\n## Install\n\nNew text.\n");
    assert!(wait_for(|| get(port, "/__normsite/version").is_some_and(|(_, v)| v != v1)), "rebuilt after the change");
    assert!(wait_for(|| get(port, "/en/guide/setup/").is_some_and(|(_, b)| b.contains("Freshly edited"))));

    write(site.path(), "content/guide/setup.en.md", "---\ntitle: [broken\n---\n");
    assert!(wait_for(|| get(port, "/en/guide/setup/").is_some_and(|(s, b)| s == 500 && b.contains("content/guide/setup.en.md"))));

    write(site.path(), "content/guide/setup.en.md", "---\ntitle: Fixed again\n---\n## Install\n\nText.\n");
    assert!(wait_for(|| get(port, "/en/guide/setup/").is_some_and(|(s, b)| s == 200 && b.contains("Fixed again"))));
    let (status, _) = get(port, "/en/no-such-page/").unwrap();
    assert_eq!(status, 404);
}
