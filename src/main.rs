//! The `middenveld` command: serve the application, migrate the database, manage users and
//! API tokens, fill a database with demo data, write the annual report.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use middenveld_domain::{Coded, Role};
use middenveld_services::{Actor, ServiceConfig, Services};
use middenveld_store::Db;
use std::io::Read;
use std::path::PathBuf;

mod export;
mod import;

#[derive(Parser)]
#[command(name = "middenveld", version, about = "Register, support and accountability for regional innovation and circular-economy programmes.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct DbArgs {
    /// Database URL: sqlite://FILE (created if missing) or postgres://USER@HOST:PORT/DB.
    #[arg(long, env = "MIDDENVELD_DATABASE", default_value = "sqlite://middenveld.db")]
    database: String,
}

/// How advice cases are numbered and exported (serve, export zaken).
#[derive(Args, Clone)]
struct AdviceArgs {
    /// Case number format: YYYY year, MM month, a run of N the counter per year.
    #[arg(long, env = "MIDDENVELD_CASE_NUMBER_FORMAT", default_value = "YYYY-NNNNNN")]
    case_number_format: String,
    /// Reference format of reply letters (same placeholders).
    #[arg(long, env = "MIDDENVELD_REPLY_REFERENCE_FORMAT", default_value = "DYYYY-MM-NNNNNN")]
    reply_reference_format: String,
    /// An advice is to be answered within this many weeks of receipt.
    #[arg(long, env = "MIDDENVELD_REPLY_WEEKS", default_value_t = 8)]
    reply_weeks: u32,
    /// The province's RSIN (9 digits): `bronorganisatie` of the ZGW case export.
    #[arg(long, env = "MIDDENVELD_RSIN", default_value = "000000000")]
    rsin: String,
    /// The ZGW `zaaktype` of an advice case (its URL in the province's catalogue).
    #[arg(
        long,
        env = "MIDDENVELD_ZAAKTYPE",
        default_value = "https://catalogi.example.nl/api/v1/zaaktypen/adviesaanvraag"
    )]
    zaaktype: String,
    /// The sender block at the top of reply letters, lines separated by `\n` (default: the
    /// province of Overijssel's letterhead of seed 003).
    #[arg(long, env = "MIDDENVELD_LETTERHEAD")]
    letterhead: Option<String>,
    /// The closing above the signatures of reply letters, lines separated by `\n`.
    #[arg(long, env = "MIDDENVELD_LETTER_CLOSING")]
    letter_closing: Option<String>,
}

impl AdviceArgs {
    fn settings(&self) -> anyhow::Result<middenveld_domain::advice::AdviceSettings> {
        use middenveld_domain::advice::check_format;
        check_format(&self.case_number_format).map_err(|e| anyhow::anyhow!("--case-number-format: {e}"))?;
        check_format(&self.reply_reference_format).map_err(|e| anyhow::anyhow!("--reply-reference-format: {e}"))?;
        if self.rsin.len() != 9 || !self.rsin.chars().all(|c| c.is_ascii_digit()) {
            anyhow::bail!("--rsin: {} is not 9 digits", self.rsin);
        }
        if !(1..=52).contains(&self.reply_weeks) {
            anyhow::bail!("--reply-weeks: {} is not between 1 and 52", self.reply_weeks);
        }
        let defaults = middenveld_domain::advice::AdviceSettings::default();
        let lines = |v: &Option<String>, default: String| v.as_ref().map_or(default, |t| t.replace("\\n", "\n"));
        Ok(middenveld_domain::advice::AdviceSettings {
            case_format: self.case_number_format.clone(),
            reply_format: self.reply_reference_format.clone(),
            reply_weeks: self.reply_weeks,
            rsin: self.rsin.clone(),
            zaaktype: self.zaaktype.clone(),
            sender: lines(&self.letterhead, defaults.sender.clone()),
            closing: lines(&self.letter_closing, defaults.closing.clone()),
            ..defaults
        })
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the web application (pages and JSON API); migrates the database first.
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "MIDDENVELD_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Fill an empty register with the demo ecosystem and create the demo admin.
        #[arg(long, env = "MIDDENVELD_DEMO")]
        demo: bool,
        /// Mark cookies Secure; set this when Middenveld is served over HTTPS.
        #[arg(long, env = "MIDDENVELD_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Hours a login session lasts.
        #[arg(long, env = "MIDDENVELD_SESSION_HOURS", default_value_t = 12)]
        session_hours: i64,
        /// Largest file the import page accepts, in MB.
        #[arg(long, env = "MIDDENVELD_IMPORT_MAX_MB", default_value_t = 200)]
        import_max_mb: u64,
        /// The province whose municipalities the public maps show (CBS code, PV20–PV31).
        #[arg(long, env = "MIDDENVELD_PROVINCE", default_value = "PV23")]
        province: String,
        /// Seconds the public site reuses a counted figure (maps, open data); 0 counts on
        /// every request.
        #[arg(long, env = "MIDDENVELD_PUBLIC_CACHE_SECS", default_value_t = 60)]
        public_cache_secs: u64,
        #[command(flatten)]
        advice: AdviceArgs,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens for machine clients.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Fill the database with the demo ecosystem, or with N synthetic organisations (--scale).
    Demo {
        #[command(flatten)]
        db: DbArgs,
        /// Number of synthetic organisations to add (with proportional people, memberships
        /// and projects), for benchmarks.
        #[arg(long, env = "MIDDENVELD_DEMO_SCALE")]
        scale: Option<u64>,
    },
    /// Import a spreadsheet (CSV, XLSX or ODS) of organisations, people or network members.
    ///
    /// Columns are mapped by their headers (Dutch and English names; the mapping of the last
    /// import of the same kind is remembered); rows match existing records by KvK number, then
    /// name and postcode (people: e-mail address). Everything is written in one transaction:
    /// all valid rows, or nothing.
    Import {
        /// What the file holds: organisaties, personen, lidmaatschappen or aanwezigheid (event attendance).
        kind: String,
        /// The file to import.
        file: PathBuf,
        /// Check and count every row, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// alleen-geldige (import the valid rows, skip the rest) or stop-bij-fout (import
        /// nothing if any row is wrong).
        #[arg(long, default_value = "alleen-geldige")]
        mode: String,
        /// Map a column by hand: HEADER=FIELD (e.g. "Bedrijfsnaam=naam"); HEADER= skips it.
        #[arg(long = "column", value_name = "HEADER=FIELD")]
        columns: Vec<String>,
        /// Kind of organisations whose row names none.
        #[arg(long, default_value = "mkb")]
        default_kind: String,
        /// Lawful basis of people whose row names none.
        #[arg(long, default_value = "gerechtvaardigd-belang")]
        default_basis: String,
        /// Write the rejected rows, with a column "Reden", to this file (same format as the input).
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
        /// Largest file accepted, in MB.
        #[arg(long, env = "MIDDENVELD_IMPORT_MAX_MB", default_value_t = 200)]
        max_mb: u64,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Export a list of the register as CSV (UTF-8 with BOM, `;`) or XLSX.
    ///
    /// The filter is written as on the list page or in the API, e.g.
    /// `--filter "gemeentecode=GM0193&soort=mkb&sorteer=naam"`.
    Export {
        /// Which list: organisaties, personen, netwerken or projecten; or zaken: the advice
        /// cases as ZGW Zaken JSON; or persoon ID: everything held about one person (AVG
        /// access request) as JSON (format and filter do not apply to these two).
        kind: String,
        /// With `persoon`: the person's id.
        id: Option<i64>,
        /// csv or xlsx.
        #[arg(long, default_value = "csv")]
        format: String,
        /// The list's filters and sort, as a query string.
        #[arg(long, default_value = "")]
        filter: String,
        /// Write to this file (required for xlsx); CSV goes to standard output without it.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Separate CSV fields with `,` instead of `;`.
        #[arg(long)]
        comma: bool,
        /// Column headers in English instead of Dutch.
        #[arg(long)]
        english: bool,
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        advice: AdviceArgs,
    },
    /// Write the annual report of a year, or freeze and unfreeze a year's figures.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Replace the municipality or province boundaries of the maps (built in: CBS 2023/2025).
    Geo {
        #[command(subcommand)]
        command: GeoCommand,
    },
    /// Print the OpenAPI document of the JSON API.
    Openapi,
}

#[derive(Subcommand)]
enum GeoCommand {
    /// Load a GeoJSON file of CBS municipality (GMxxxx) or province (PVxx) boundaries.
    ///
    /// Middenveld ships the CBS boundaries of all municipalities (2023) and provinces (2025)
    /// and loads them into every new database; use this for newer ones. The file is a
    /// FeatureCollection in WGS84 (EPSG:4326) with properties `code` and `name`
    /// (municipalities may add `province_code` and `inhabitants`), e.g. from CBS/PDOK
    /// (Wijk- en Buurtkaart, gebiedsindelingen). It replaces the boundaries of that level, also
    /// after a restart; a municipality the register does not know yet is added with its
    /// province. Every feature is checked first: on any error nothing is written.
    Import {
        /// The GeoJSON file.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Write the annual report of a year: a chapter per performance objective.
    ///
    /// Markdown goes to standard output without --out; a Word document (docx) and the
    /// spreadsheet of the report's indicators (xlsx) need --out FILE. Without --format the
    /// extension of --out decides (default md).
    Annual {
        /// The year, e.g. 2017.
        year: i32,
        /// md (Markdown), docx (Word) or xlsx (every indicator of the report).
        #[arg(long, value_parser = ["md", "docx", "xlsx"])]
        format: Option<String>,
        /// Write to this file.
        #[arg(long, short, value_name = "FILE", visible_alias = "output")]
        out: Option<PathBuf>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Freeze a year: every indicator's value is kept as it is now, and the year's targets,
    /// values, progress notes and finances can no longer change.
    Freeze {
        /// The year, e.g. 2017.
        year: i32,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Unfreeze a year: its indicators are counted live again and it can be changed.
    Unfreeze {
        /// The year, e.g. 2017.
        year: i32,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input.
    Add {
        /// User name (letters, digits, . _ -).
        name: String,
        /// admin, editor or viewer.
        #[arg(long, env = "MIDDENVELD_USER_ROLE", default_value = "viewer")]
        role: String,
        /// Read the password from standard input (required; never pass it as an argument).
        #[arg(long)]
        password_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for a user and print it (shown once; only its hash is stored).
    Create {
        /// The user the token acts as.
        #[arg(long, env = "MIDDENVELD_TOKEN_USER")]
        user: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

async fn open(db: &DbArgs, config: ServiceConfig) -> Result<Services> {
    let database = Db::connect(&db.database)
        .await
        .with_context(|| format!("cannot open database {}", db.database))?;
    let applied = middenveld_store::migrate::run(&database)
        .await
        .context("cannot migrate the database")?;
    if !applied.is_empty() {
        tracing::info!(?applied, "database migrated");
    }
    Ok(Services::new(database, config))
}

/// A refused use case as a message for the command line.
fn refused(e: middenveld_services::ServiceError) -> anyhow::Error {
    match e {
        middenveld_services::ServiceError::Invalid(e)
        | middenveld_services::ServiceError::Conflict { errors: e, .. } => anyhow::anyhow!("{e}"),
        e => e.into(),
    }
}

async fn report(command: ReportCommand) -> Result<()> {
    let actor = Actor::system("cli");
    match command {
        ReportCommand::Annual { year, format, out, db } => {
            let from_extension = out
                .as_deref()
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .filter(|e| ["md", "docx", "xlsx"].contains(&e.as_str()));
            let format = format.or(from_extension).unwrap_or_else(|| "md".into());
            if out.is_none() && format != "md" {
                bail!(
                    "a {format} file is binary and is not written to standard output: give --out FILE \
                     (e.g. --out jaarverslag-{year}.{format})"
                );
            }
            let services = open(&db, ServiceConfig::default()).await?;
            let report = services.annual_report(&actor, year).await.map_err(refused)?;
            let bytes = match format.as_str() {
                "docx" => report.docx()?,
                "xlsx" => report.indicators_xlsx()?,
                _ => report.markdown().into_bytes(),
            };
            if report.frozen.is_none() {
                eprintln!("Note: {year} is not frozen; its figures are counted live and may still change.");
            }
            match out {
                Some(path) => {
                    std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!(
                        "Annual report {year} ({} chapters, {format}) written to {}.",
                        report.chapters.len(),
                        path.display()
                    );
                }
                None => {
                    use std::io::Write;
                    let mut stdout = std::io::stdout().lock();
                    stdout.write_all(&bytes).context("cannot write to standard output")?;
                    stdout.flush()?;
                }
            }
        }
        ReportCommand::Freeze { year, db } => {
            let services = open(&db, ServiceConfig::default()).await?;
            services
                .freeze_year(&actor, Some(&year.to_string()))
                .await
                .map_err(refused)?;
            println!("{year} is frozen: its indicator values are kept and its figures can no longer change.");
        }
        ReportCommand::Unfreeze { year, db } => {
            let services = open(&db, ServiceConfig::default()).await?;
            match services.unfreeze_year(&actor, year).await {
                Ok(()) => println!("{year} is unfrozen: its indicators are counted live again."),
                Err(middenveld_services::ServiceError::NotFound) => bail!("{year} is not frozen"),
                Err(e) => return Err(refused(e)),
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("MIDDENVELD_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            db,
            bind,
            demo,
            secure_cookies,
            session_hours,
            import_max_mb,
            province,
            public_cache_secs,
            advice,
        } => {
            let advice = advice.settings()?;
            let province = middenveld_domain::municipality::ProvinceCode::parse(&province)
                .map_err(|_| anyhow::anyhow!("--province: {province} is no CBS province code (PV20 to PV31)"))?;
            let services = open(
                &db,
                ServiceConfig {
                    session_hours,
                    public_cache_secs,
                    province: province.as_str().to_string(),
                    advice,
                    ..Default::default()
                },
            )
            .await?;
            if demo {
                let summary = middenveld_services::demo::load_demo(&services)
                    .await
                    .context("cannot load the demo data")?;
                println!("{summary}");
            }
            let app = middenveld_web::app(
                services,
                middenveld_web::WebConfig {
                    secure_cookies,
                    import_max_mb: Some(import_max_mb),
                },
            );
            let listener = tokio::net::TcpListener::bind(&bind)
                .await
                .with_context(|| format!("cannot listen on {bind}"))?;
            println!("Middenveld draait op http://{bind}/ (database {}).", db.database);
            if demo {
                println!("Log in op http://{bind}/inloggen als gebruiker admin met wachtwoord middenveld-demo.");
            }
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("server stopped with an error")?;
        }
        Command::Migrate { db } => {
            let services = open(&db, ServiceConfig::default()).await?;
            let version = middenveld_store::migrate::current_version(&services.db).await?;
            println!("Database {} staat op schemaversie {version}.", db.database);
        }
        Command::User {
            command:
                UserCommand::Add {
                    name,
                    role,
                    password_stdin,
                    db,
                },
        } => {
            if !password_stdin {
                bail!(
                    "give the password on standard input with --password-stdin, e.g. `echo PASSWORD | middenveld user add {name} --role {role} --password-stdin`"
                );
            }
            let role = Role::parse(&role)
                .map_err(|_| anyhow::anyhow!("unknown role {role:?}: use admin, editor or viewer"))?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            let services = open(&db, ServiceConfig::default()).await?;
            match services.add_user(&Actor::system("cli"), &name, password, role).await {
                Ok(id) => println!("Gebruiker {name} ({}) aangemaakt met id {id}.", role.code()),
                Err(
                    middenveld_services::ServiceError::Invalid(e)
                    | middenveld_services::ServiceError::Conflict { errors: e, .. },
                ) => bail!("{e}"),
                Err(e) => return Err(e.into()),
            }
        }
        Command::Token {
            command: TokenCommand::Create { user, name, db },
        } => {
            let services = open(&db, ServiceConfig::default()).await?;
            let token = match services.create_token(&Actor::system("cli"), &user, &name).await {
                Ok(t) => t,
                Err(middenveld_services::ServiceError::NotFound) => bail!("no user named {user:?}"),
                Err(e) => return Err(e.into()),
            };
            println!("API-token voor {user} (alleen nu zichtbaar; bewaar het veilig):");
            println!("{token}");
        }
        Command::Demo { db, scale } => {
            let services = open(&db, ServiceConfig::default()).await?;
            match scale {
                None => println!("{}", middenveld_services::demo::load_demo(&services).await?),
                Some(n) => {
                    let progress = |done: u64| eprint!("\r{done} / {n} organisaties");
                    let summary = middenveld_services::demo::load_scale(&services, n, &progress).await?;
                    eprintln!();
                    println!("{summary}");
                }
            }
        }
        Command::Import {
            kind,
            file,
            dry_run,
            mode,
            columns,
            default_kind,
            default_basis,
            rejects,
            max_mb,
            db,
        } => {
            let services = open(&db, ServiceConfig::default()).await?;
            let ok = import::run(
                &services,
                import::ImportArgs {
                    kind: &kind,
                    file: &file,
                    dry_run,
                    mode: &mode,
                    columns: &columns,
                    default_kind: &default_kind,
                    default_basis: &default_basis,
                    rejects: rejects.as_deref(),
                    max_mb,
                },
            )
            .await?;
            if !ok {
                std::process::exit(1);
            }
        }
        Command::Export {
            kind,
            id,
            format,
            filter,
            output,
            comma,
            english,
            db,
            advice,
        } => {
            let services = open(
                &db,
                ServiceConfig {
                    advice: advice.settings()?,
                    ..Default::default()
                },
            )
            .await?;
            if kind == "persoon" {
                let Some(id) = id else {
                    anyhow::bail!("which person? write: middenveld export persoon ID [-o FILE]");
                };
                let data = match services.person_data(&Actor::system("cli"), id).await {
                    Err(middenveld_services::ServiceError::NotFound) => anyhow::bail!("there is no person {id}"),
                    other => other?,
                };
                let json = serde_json::to_string_pretty(&middenveld_web::api::person::PersoonGegevens::from(data))?;
                match output {
                    Some(path) => {
                        std::fs::write(&path, json)?;
                        eprintln!("Gegevens van persoon {id} staan in {}.", path.display());
                    }
                    None => println!("{json}"),
                }
                return Ok(());
            }
            if id.is_some() {
                anyhow::bail!("an id is only for: middenveld export persoon ID");
            }
            if kind == "zaken" {
                // Advice cases in the field names of the ZGW Zaken API, as JSON.
                let zaken = services.advice_zgw(&Actor::system("cli")).await?;
                let json = serde_json::to_string_pretty(&zaken)?;
                match output {
                    Some(path) => std::fs::write(path, json)?,
                    None => println!("{json}"),
                }
                return Ok(());
            }
            export::run(
                &services,
                export::ExportArgs {
                    kind: &kind,
                    format: &format,
                    query: &filter,
                    output: output.as_deref(),
                    comma,
                    lang: if english {
                        middenveld_domain::Lang::En
                    } else {
                        middenveld_domain::Lang::Nl
                    },
                },
            )
            .await?;
        }
        Command::Geo {
            command: GeoCommand::Import { file, db },
        } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let services = open(&db, ServiceConfig::default()).await?;
            match services.import_boundaries(&Actor::system("cli"), &text).await {
                Ok(summary) => {
                    let what = match summary.level {
                        middenveld_domain::geo::MapLevel::Municipalities => "gemeentegrenzen",
                        middenveld_domain::geo::MapLevel::Provinces => "provinciegrenzen",
                    };
                    println!("{} {what} geladen uit {}.", summary.loaded, file.display());
                    if summary.municipalities_added > 0 {
                        println!(
                            "{} gemeenten toegevoegd aan de referentielijst.",
                            summary.municipalities_added
                        );
                    }
                }
                Err(middenveld_services::geo::GeoImportError::File(e)) => {
                    bail!("{} refused, nothing loaded: {e}", file.display())
                }
                Err(middenveld_services::geo::GeoImportError::Service(e)) => return Err(refused(e)),
            }
        }
        Command::Report { command } => report(command).await?,
        Command::Openapi => {
            println!("{}", serde_json::to_string_pretty(&middenveld_web::openapi_document())?);
        }
    }
    Ok(())
}
