//! The site's files: a request comes in, [`resolve`](super::resolve::resolve) finds what it
//! names inside the output folder, and the answer is the file with its content type, a
//! redirect to a folder's slash form, or 404 with the site's own `404.html`.

use super::resolve::{Target, resolve};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The fallback handler: every path that is not one of the server's own.
pub async fn serve_file(State(root): State<Arc<PathBuf>>, request: Request<Body>) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD are served\n",
        )
            .into_response();
    }
    let path = request.uri().path().to_owned();
    // Resolving touches the disk (canonicalize), so it runs off the async workers.
    match tokio::task::spawn_blocking(move || answer(&root, &path)).await {
        Ok(response) => response,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn answer(root: &Path, request_path: &str) -> Response {
    match resolve(root, request_path) {
        Target::File(path) => match std::fs::read(&path) {
            Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&path))], bytes).into_response(),
            // Removed between resolving and reading, as a build swaps the folder.
            Err(_) => not_found(root),
        },
        Target::Redirect(location) => match HeaderValue::try_from(location) {
            Ok(location) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response(),
            Err(_) => not_found(root),
        },
        Target::NotFound => not_found(root),
    }
}

/// 404, with the body of the site's `404.html` when it has one.
fn not_found(root: &Path) -> Response {
    let page = match resolve(root, "/404.html") {
        Target::File(path) => std::fs::read(path).ok(),
        _ => None,
    };
    match page {
        Some(bytes) => (
            StatusCode::NOT_FOUND,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "404 not found\n").into_response(),
    }
}

/// The content type of a file from its extension; text types are declared UTF-8, as the
/// build writes them.
pub fn content_type(path: &Path) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        );
    let value = if text && mime.get_param(mime_guess::mime::CHARSET).is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    };
    HeaderValue::try_from(value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_of_site_files() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("search.js", "javascript"),
            ("data/plans.json", "application/json; charset=utf-8"),
            ("feed.xml", "xml; charset=utf-8"),
            ("badges/il.svg", "image/svg+xml; charset=utf-8"),
            ("calendar.ics", "text/calendar; charset=utf-8"),
            ("data/actions.csv", "text/csv; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("logo.png", "image/png"),
            ("photo.jpg", "image/jpeg"),
            ("photo.webp", "image/webp"),
            ("fonts/x.woff2", "font/woff2"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (path, want) in cases {
            let got = content_type(Path::new(path));
            let got = got.to_str().unwrap();
            assert!(got.contains(want), "{path}: {got}");
        }
    }
}
