//! `tessera-server`: run the offline Frontend API.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use tessera_server::{AppState, Clock, Db, InstanceConfig};

/// An offline Frontend API server speaking Clerk's protocol, persisted in SQLite.
///
/// Point an app's Tessera SDK (or Clerk's own JS SDK, via `proxyUrl`) at the printed Frontend API
/// URL with the printed publishable key. Emails are not sent: read them at GET /__dev/outbox.
#[derive(Debug, Parser)]
#[command(name = "tessera-server", version)]
struct Cli {
    /// Address to listen on. Port 0 picks a free port (the URL printed at start tells which).
    #[arg(long, default_value = "127.0.0.1:4000", env = "TESSERA_ADDR")]
    addr: SocketAddr,
    /// SQLite database file (created if missing), or `:memory:` for a throw-away instance.
    #[arg(long, default_value = ".tessera/dev.sqlite", env = "TESSERA_DB")]
    db: String,
    /// Instance settings (TOML): application_name, instance_type (development|production),
    /// allowed_origins, test_mode, single_session_mode, session_token_lifetime_seconds,
    /// session_lifetime_seconds, first_factors (password, email_code), first_name/last_name
    /// (off|on|required), rate_limit_per_minute, max_body_bytes.
    #[arg(long, env = "TESSERA_CONFIG")]
    config: Option<PathBuf>,
    /// A browser origin allowed to call the API with credentials (repeatable), e.g.
    /// http://localhost:5173. With none, loopback origins on any port are allowed.
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    allowed_origins: Vec<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "tessera_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("tessera-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let mut config = match &cli.config {
        Some(path) => InstanceConfig::from_file(path).map_err(|e| e.to_string())?,
        None => InstanceConfig::default(),
    };
    config.allowed_origins.extend(cli.allowed_origins);
    config.validate().map_err(|e| e.to_string())?;
    let db = Db::open(&cli.db).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(cli.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cli.addr))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let url = format!("http://{local}");
    let state = AppState::new(config, db, Clock::System, url)
        .map_err(|e| format!("cannot start: {e:?}"))?;
    let url = state.frontend_api_url();
    let mut banner = format!(
        "tessera-server is ready\n  Frontend API:    {url}\n  Publishable key: {}\n  Secret key:      {}\n  Database:        {}\n",
        state.publishable_key(),
        state.secret_key(),
        state.db().location(),
    );
    if state.config().instance_type == tessera_server::InstanceType::Development {
        banner.push_str(&format!("  Dev outbox:      {url}/__dev/outbox\n"));
    }
    banner.push_str(&format!("  JWKS:            {url}/.well-known/jwks.json\n"));
    // Whoever started us may stop reading stdout once it has the URL: a closed pipe is no error.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);
    let app = tessera_server::app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}
