//! The OpenAPI document: the base (info, server, security) and the finishing pass that gives
//! every operation what the Dutch API Design Rules ask: the API-Version header on 2xx/3xx
//! responses, problem+json error responses (400 always; 401/403 behind login; 404 on
//! `{id}` paths; 409/422 on writes). Also the schemas of coded values (enumerations) for
//! `#[schema(schema_with = ...)]` and `#[param(schema_with = ...)]`.

use super::{InvalidParam, Link, Problem};
use middenveld_domain::Coded;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::info::{ContactBuilder, InfoBuilder, LicenseBuilder};
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{
    AnyOf, AnyOfBuilder, KnownFormat, Object, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::server::ServerBuilder;
use utoipa::openapi::{ComponentsBuilder, OpenApi, OpenApiBuilder, RefOr};
use utoipa::{PartialSchema, ToSchema};

pub const API_VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn base() -> OpenApi {
    let mut components = ComponentsBuilder::new()
        .schema(Problem::name(), Problem::schema())
        .schema(InvalidParam::name(), InvalidParam::schema())
        .schema(Link::name(), Link::schema())
        .build();
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "API-token, aan te maken met `middenveld token create --user NAAM` of op de gebruikerspagina.",
                ))
                .build(),
        ),
    );
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Middenveld API")
                .version(API_VERSION)
                .description(Some(
                    "Het register van het regionale innovatie-ecosysteem: organisaties, personen, thema's, \
                     netwerken met leden, projecten met deelnemers en evenementen met registraties en \
                     aanwezigheid. Fouten volgen RFC 9457 (problem+json).",
                ))
                .contact(Some(
                    ContactBuilder::new()
                        .name(Some("Middenveld"))
                        .url(Some("https://github.com/middenveld/middenveld"))
                        .email(Some("beheer@middenveld.nl"))
                        .build(),
                ))
                .license(Some(
                    LicenseBuilder::new()
                        .name("EUPL-1.2")
                        .identifier(Some("EUPL-1.2"))
                        .build(),
                ))
                .build(),
        )
        .servers(Some(vec![
            ServerBuilder::new()
                .url("/api/v1")
                .description(Some("Deze server"))
                .build(),
        ]))
        .components(Some(components))
        .security(Some(vec![SecurityRequirement::new("bearer", Vec::<String>::new())]))
        .build()
}

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Problem"))))
                    .build(),
            )
            .build(),
    )
}

fn version_header() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::String).examples([API_VERSION]))
        .description(Some("De volledige versie van de API (semver)."))
        .build()
}

fn finish_operation(op: &mut Operation, path: &str, method: &str, public: bool) {
    for (code, resp) in op.responses.responses.iter_mut() {
        if (code.starts_with('2') || code.starts_with('3'))
            && let RefOr::T(r) = resp
        {
            r.headers.insert("API-Version".to_string(), version_header());
        }
    }
    let r = &mut op.responses.responses;
    r.entry("400".into())
        .or_insert_with(|| problem("Ongeldig verzoek: onleesbare JSON of parameters."));
    if !public {
        r.entry("401".into())
            .or_insert_with(|| problem("Niet aangemeld: geen of een ongeldig API-token."));
        r.entry("403".into())
            .or_insert_with(|| problem("Geen toegang: de rol van de gebruiker staat dit niet toe."));
    } else {
        op.security = Some(vec![SecurityRequirement::default()]);
    }
    if path.contains('{') {
        r.entry("404".into()).or_insert_with(|| problem("Niet gevonden."));
    }
    if method == "post" || method == "put" {
        r.entry("422".into())
            .or_insert_with(|| problem("Ongeldige invoer: per veld wat er mis is (invalidParams)."));
    }
    if method == "post" || method == "put" || method == "delete" {
        r.entry("409".into()).or_insert_with(|| {
            problem("Conflict: de naam of het nummer is al in gebruik, of een ander record verwijst hiernaar.")
        });
    }
}

/// The schema of a required coded value: one of the codes of `T`.
pub fn coded<T: Coded>() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(T::codes()))
        .build()
}

/// The schema of a coded filter in a query: one of the codes of `T`, or empty for "any".
pub fn coded_or_empty<T: Coded>() -> Object {
    let mut values = T::codes();
    values.push("");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
}

/// The schema of an optional coded value in a body: one of the codes of `T`, or empty text or
/// `null` for "not given" (forms send empty text, and the API reads it the same way).
pub fn coded_or_null<T: Coded>() -> Object {
    let mut values: Vec<serde_json::Value> = T::codes().into_iter().map(Into::into).collect();
    values.push("".into());
    values.push(serde_json::Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .build()
}

/// Drops `default: null` from the properties of the schemas: serde's container `default` makes
/// utoipa write it even on fields that are required and not nullable, where it is not a valid
/// value (and "left out" already says it).
fn drop_null_defaults(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        if let RefOr::T(Schema::Object(object)) = schema {
            for property in object.properties.values_mut() {
                if let RefOr::T(Schema::Object(p)) = property
                    && p.default == Some(serde_json::Value::Null)
                {
                    p.default = None;
                }
            }
        }
    }
}

/// Applies the design rules to every operation of the generated document.
pub fn finish(mut doc: OpenApi, public_paths: &[&str]) -> OpenApi {
    drop_null_defaults(&mut doc);
    for (path, item) in doc.paths.paths.iter_mut() {
        let public = public_paths.contains(&path.as_str());
        for (method, op) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("delete", &mut item.delete),
            ("patch", &mut item.patch),
        ] {
            if let Some(op) = op {
                finish_operation(op, path, method, public);
            }
        }
    }
    doc
}

/// The schema of an optional date in a body: `YYYY-MM-DD`, or empty text or `null` for "not
/// given".
pub fn date_or_empty() -> Schema {
    let any: AnyOf = AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(0)))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .build();
    Schema::AnyOf(any)
}

/// The schema of an optional date in a query: `YYYY-MM-DD`, or empty for "not given".
pub fn date_or_empty_query() -> Schema {
    let any: AnyOf = AnyOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(0)))
        .build();
    Schema::AnyOf(any)
}
