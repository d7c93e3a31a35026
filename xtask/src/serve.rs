//! A small static file server for the demo apps (`tiny_http`, one thread per request).
//!
//! - `GET`/`HEAD` of a file under the site's root answers it with its content type
//!   (`application/wasm`, `text/javascript`, …) and `Cache-Control: no-store`;
//! - a directory answers its `index.html`;
//! - an unknown path whose last segment has no extension (`/sign-in`, `/a/b`) answers the root
//!   `index.html` (single-page-app fallback); an unknown file (`/x.js`) is a 404;
//! - in HTML, the placeholders [`FRONTEND_API_PLACEHOLDER`] and [`DEMO_API_PLACEHOLDER`] are
//!   replaced by the Frontend API URL and the demo backend's URL, so a page finds the services it
//!   should talk to (`<meta name="tessera-frontend-api" content="…">`, `tessera-demo-api`).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, Context, Result};
use tiny_http::{Header, Method, Request, Response, Server};

/// Replaced by the Frontend API URL in every HTML file served.
pub(crate) const FRONTEND_API_PLACEHOLDER: &str = "__TESSERA_FRONTEND_API__";
/// Replaced by the demo backend's URL (`tessera-backend --example demo_api`) in every HTML file served.
pub(crate) const DEMO_API_PLACEHOLDER: &str = "__TESSERA_DEMO_API__";

/// One site: a directory served on one address.
#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) name: &'static str,
    pub(crate) root: PathBuf,
    pub(crate) frontend_api: String,
    pub(crate) demo_api: String,
}

/// Starts serving `site` on `addr` (`127.0.0.1:0` picks a free port) in background threads and
/// returns its URL (`http://127.0.0.1:PORT`). It serves until the process exits.
pub(crate) fn start(site: Site, addr: &str) -> Result<String> {
    if !site.root.join("index.html").is_file() {
        return Err(anyhow!(
            "{}: {} has no index.html (not built?)",
            site.name,
            site.root.display()
        ));
    }
    let server = Server::http(addr)
        .map_err(|err| anyhow!("{}: could not listen on {addr}: {err}", site.name))?;
    let local = server
        .server_addr()
        .to_ip()
        .with_context(|| format!("{}: not listening on an IP address", site.name))?;
    let site = Arc::new(site);
    std::thread::Builder::new()
        .name(format!("serve {}", site.name))
        .spawn(move || {
            for request in server.incoming_requests() {
                let site = site.clone();
                std::thread::spawn(move || {
                    if let Err(err) = respond(&site, request) {
                        eprintln!("{}: {err}", site.name);
                    }
                });
            }
        })
        .context("could not start a server thread")?;
    Ok(format!("http://{local}"))
}

fn respond(site: &Site, request: Request) -> std::io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request.respond(text(405, "method not allowed"));
    }
    let Some(file) = resolve(&site.root, request.url()) else {
        return request.respond(text(404, "not found"));
    };
    let Ok(mut body) = std::fs::read(&file) else {
        return request.respond(text(404, "not found"));
    };
    let content_type = content_type(&file);
    if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&body)
            .replace(FRONTEND_API_PLACEHOLDER, &site.frontend_api)
            .replace(DEMO_API_PLACEHOLDER, &site.demo_api);
        body = html.into_bytes();
    }
    let mut response = Response::from_data(body);
    add_header(&mut response, "Content-Type", content_type);
    add_header(&mut response, "Cache-Control", "no-store");
    request.respond(response)
}

/// The file answering a request path, with the single-page-app fallback.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let candidate = root.join(relative);
    if candidate.is_file() {
        return Some(candidate);
    }
    if candidate.is_dir() && candidate.join("index.html").is_file() {
        return Some(candidate.join("index.html"));
    }
    let last = relative
        .file_name()
        .map(|n| n.to_string_lossy().into_owned());
    match last {
        Some(name) if name.contains('.') => None,
        _ => Some(root.join("index.html")),
    }
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "ts" | "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn add_header<R: std::io::Read>(response: &mut Response<R>, name: &str, value: &str) {
    // Names and values are ASCII constants from this file: never rejected.
    if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        response.add_header(header);
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_string(body).with_status_code(status);
    add_header(&mut response, "Content-Type", "text/plain; charset=utf-8");
    response
}

#[cfg(test)]
mod tests {
    use super::{content_type, percent_decode, resolve};
    use std::path::Path;

    #[test]
    fn resolves_files_directories_and_the_spa_fallback() {
        let root = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pkg")).expect("temp dir");
        std::fs::write(root.join("index.html"), "<html>").expect("write");
        std::fs::write(root.join("app.js"), "").expect("write");
        std::fs::write(root.join("pkg").join("index.html"), "").expect("write");
        assert_eq!(resolve(&root, "/app.js?v=1"), Some(root.join("app.js")));
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/pkg/"),
            Some(root.join("pkg").join("index.html"))
        );
        assert_eq!(resolve(&root, "/sign-in"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/sign-in?locale=fr-FR"),
            Some(root.join("index.html"))
        );
        assert_eq!(resolve(&root, "/missing.js"), None);
        assert_eq!(resolve(&root, "/../etc/passwd"), None);
        assert_eq!(resolve(&root, "/%2e%2e/etc/passwd"), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn decodes_and_types() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(content_type(Path::new("x_bg.wasm")), "application/wasm");
        assert_eq!(
            content_type(Path::new("x.js")),
            "text/javascript; charset=utf-8"
        );
    }
}
