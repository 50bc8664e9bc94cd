//! The synthetic scale fixture (`middenveld demo --scale N`): N organisations with N/2
//! people, N/10 memberships over N/10000 + 2 networks, N/100 projects with 2 to 5
//! participants each, and theme links. It bypasses the per-record use cases and writes in
//! bulk (`middenveld_store::bulk`), in transactions of about 50,000 rows; the values are the
//! same kinds of valid values the use cases accept. It appends to whatever the database holds.

use super::THEMES;
use super::generate::{self, PLACES, Rng, SECTORS, ThemeKey};
use crate::audit::{self, Action};
use crate::{Actor, Result, ServiceError, Services};
use middenveld_domain::enums::{
    ConsentBasis, InnovationStage, JourneyStage, MembershipStatus, OrganisationKind, ParticipantRole, SizeClass,
};
use middenveld_domain::network::{Member, Membership, Network};
use middenveld_domain::organisation::Organisation;
use middenveld_domain::person::Person;
use middenveld_domain::project::{Participant, Project};
use middenveld_domain::theme::ThemeInput;
use middenveld_domain::{Date, Email, ErrorCode, KvkNumber, MunicipalityCode, Postcode, SbiCode};
use middenveld_store::bulk::{self, Table};
use std::collections::HashSet;
use std::time::Instant;

/// Organisations per transaction; with their people, links, memberships and projects a
/// transaction writes about 50,000 rows.
const BATCH: u64 = 20_000;

/// Synthetic KvK numbers of the scale fixture: 9 and then 5,000,000 plus a slot, so they
/// never meet the demo's (9000xxxx) nor real ones.
const KVK_BASE: i64 = 95_000_000;
const KVK_LAST: i64 = 99_999_999;

/// What `load_scale` wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScaleSummary {
    pub organisations: u64,
    pub people: u64,
    pub networks: u64,
    pub memberships: u64,
    pub projects: u64,
    pub participants: u64,
    /// Organisation, project and network theme links.
    pub theme_links: u64,
    pub seconds: f64,
}

impl ScaleSummary {
    /// Organisations written per second.
    pub fn organisations_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.organisations as f64 / self.seconds
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for ScaleSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} organisaties, {} personen, {} netwerken, {} lidmaatschappen, {} projecten met {} deelnemers, \
             {} themakoppelingen in {:.1} s ({:.0} organisaties/s)",
            self.organisations,
            self.people,
            self.networks,
            self.memberships,
            self.projects,
            self.participants,
            self.theme_links,
            self.seconds,
            self.organisations_per_second()
        )
    }
}

fn refused(what: &str) -> impl FnOnce(ErrorCode) -> ServiceError + '_ {
    move |e| ServiceError::Internal(format!("generated {what} refused: {e:?}"))
}

/// Values parsed once and reused for every generated record.
struct Parsed {
    municipalities: Vec<MunicipalityCode>,
    sbi: Vec<SbiCode>,
    weights: Vec<u32>,
    themes: Vec<i64>,
}

/// Fills the database with `organisations` synthetic organisations and proportional related
/// records, calling `progress(done)` with the number of organisations written after every
/// transaction.
pub async fn load_scale(
    services: &Services,
    organisations: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ScaleSummary> {
    let started = Instant::now();
    let actor = Actor::system("demo --scale");
    let mut summary = ScaleSummary::default();
    let parsed = Parsed {
        municipalities: PLACES
            .iter()
            .map(|p| MunicipalityCode::parse(p.code))
            .collect::<std::result::Result<_, _>>()
            .map_err(refused("municipality"))?,
        sbi: SECTORS
            .iter()
            .map(|s| SbiCode::parse(s.sbi))
            .collect::<std::result::Result<_, _>>()
            .map_err(refused("SBI code"))?,
        weights: PLACES.iter().map(|p| p.weight).collect(),
        themes: ensure_themes(services, &actor).await?,
    };
    let (kvk_slot_base, network_base, network_names, taken_kvk) = {
        let mut conn = services.db.conn().await?;
        let org_base = bulk::max_id(&mut conn, Table::Organisations).await?;
        let low = KVK_BASE + org_base + 1;
        let high = (KVK_BASE + org_base + i64::try_from(organisations).unwrap_or(i64::MAX - KVK_BASE)).min(KVK_LAST);
        let taken: HashSet<String> = if low <= high {
            bulk::kvk_numbers_between(&mut conn, &low.to_string(), &high.to_string())
                .await?
                .into_iter()
                .collect()
        } else {
            HashSet::new()
        };
        let names: HashSet<String> = middenveld_store::network::all_names(&mut conn)
            .await?
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        (org_base, bulk::max_id(&mut conn, Table::Networks).await?, names, taken)
    };
    let mut rng = Rng::new(0x5343_414C_4500_0001 ^ organisations ^ (kvk_slot_base as u64).rotate_left(32));
    let network_count = organisations / 10_000 + 2;
    let mut network_ids: Vec<i64> = Vec::new();
    let now = middenveld_store::now();
    let mut done: u64 = 0;
    while done < organisations {
        let size = BATCH.min(organisations - done);
        let after = done + size;
        let mut tx = services.db.begin().await?;

        let orgs = (0..size)
            .map(|k| organisation(&mut rng, &parsed, kvk_slot_base + (done + k + 1) as i64, &taken_kvk))
            .collect::<Result<Vec<_>>>()?;
        let ids = bulk::insert_organisations(&mut tx, &orgs, &now).await?;
        summary.organisations += ids.len() as u64;
        summary.theme_links += orgs.iter().map(|o| o.theme_ids.len() as u64).sum::<u64>();

        if network_ids.is_empty() {
            let facilitators: Vec<i64> = orgs
                .iter()
                .zip(&ids)
                .filter(|(o, _)| o.kind == OrganisationKind::Intermediary)
                .map(|(_, id)| *id)
                .collect();
            let mut networks = Vec::new();
            let mut n = network_base;
            while (networks.len() as u64) < network_count {
                n += 1;
                let name = format!("Testnetwerk {n}");
                if network_names.contains(&name) {
                    continue;
                }
                let themes = pick_themes(&mut rng, &parsed, 1, 3);
                networks.push(Network {
                    name,
                    description: Some("Synthetisch netwerk van de schaaltest.".into()),
                    facilitator_id: (!facilitators.is_empty()).then(|| *rng.pick(&facilitators)),
                    website: None,
                    theme_ids: themes,
                });
            }
            network_ids = bulk::insert_networks(&mut tx, &networks, &now).await?;
            summary.networks += network_ids.len() as u64;
            summary.theme_links += networks.iter().map(|n| n.theme_ids.len() as u64).sum::<u64>();
        }

        let people_count = (after / 2 - done / 2) as usize;
        let people = (0..people_count)
            .map(|_| {
                let k = rng.below(ids.len());
                person(&mut rng, &orgs[k].name, ids[k])
            })
            .collect::<Result<Vec<_>>>()?;
        summary.people += bulk::insert_people(&mut tx, &people, &now).await?.len() as u64;

        // Every member is a different organisation of this batch: no duplicate open memberships.
        let member_count = (after / 10 - done / 10) as usize;
        let memberships = (0..member_count)
            .map(|m| {
                let k = m * ids.len() / member_count.max(1);
                let status = if rng.chance(45) {
                    MembershipStatus::Active
                } else {
                    MembershipStatus::Involved
                };
                let since = rng.date(generate::ymd(2015, 1, 1), generate::ymd(2024, 12, 31));
                (
                    *rng.pick(&network_ids),
                    Membership {
                        member: Member::Organisation(ids[k]),
                        status,
                        since: Date(since),
                        until: None,
                    },
                )
            })
            .collect::<Vec<_>>();
        summary.memberships += bulk::insert_memberships(&mut tx, &memberships, &now).await?;

        let project_count = (after / 100 - done / 100) as usize;
        let projects: Vec<Project> = (0..project_count)
            .map(|_| project(&mut rng, &parsed, &network_ids))
            .collect();
        let project_ids = bulk::insert_projects(&mut tx, &projects, &now).await?;
        summary.projects += project_ids.len() as u64;
        summary.theme_links += projects.iter().map(|p| p.theme_ids.len() as u64).sum::<u64>();
        let mut participants = Vec::new();
        for project_id in &project_ids {
            let wanted = rng.between(2, 5) as usize;
            let mut chosen: Vec<usize> = Vec::with_capacity(wanted);
            while chosen.len() < wanted.min(ids.len()) {
                let k = rng.below(ids.len());
                if !chosen.contains(&k) {
                    chosen.push(k);
                }
            }
            for (n, k) in chosen.into_iter().enumerate() {
                let role = match (n, orgs[k].kind) {
                    (0, _) => ParticipantRole::Lead,
                    (_, OrganisationKind::KnowledgeInstitution) => ParticipantRole::KnowledgePartner,
                    _ => *rng.pick(&[
                        ParticipantRole::Partner,
                        ParticipantRole::Partner,
                        ParticipantRole::Supplier,
                        ParticipantRole::Customer,
                    ]),
                };
                participants.push((
                    *project_id,
                    Participant {
                        organisation_id: ids[k],
                        role,
                    },
                ));
            }
        }
        summary.participants += bulk::insert_participants(&mut tx, &participants).await?;

        tx.commit().await?;
        done = after;
        progress(done);
    }
    let mut tx = services.db.begin().await?;
    let note = audit::note(
        "schaaltest",
        "",
        &format!("{} organisaties (bulk)", summary.organisations),
    );
    audit::write(&mut tx, &actor, "demo", 0, Action::Create, &note).await?;
    tx.commit().await?;
    // Fresh planner statistics after a bulk load (the same statement on both backends).
    sqlx::query("ANALYZE").execute(&services.db.pool).await?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// The ids of the demo themes, created where missing, in `ThemeKey` order.
async fn ensure_themes(services: &Services, actor: &Actor) -> Result<Vec<i64>> {
    let existing = services.theme_names(actor).await?;
    let mut ids = Vec::with_capacity(THEMES.len());
    for (name, description) in THEMES {
        let found = existing
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(id, _)| *id);
        ids.push(match found {
            Some(id) => id,
            None => {
                services
                    .create_theme(
                        actor,
                        ThemeInput {
                            name: name.into(),
                            description: Some(description.into()),
                        },
                    )
                    .await?
            }
        });
    }
    Ok(ids)
}

fn pick_themes(rng: &mut Rng, parsed: &Parsed, low: u32, high: u32) -> Vec<i64> {
    let n = rng.between(low, high) as usize;
    let mut out: Vec<i64> = Vec::with_capacity(n);
    while out.len() < n.min(parsed.themes.len()) {
        let t = *rng.pick(&parsed.themes);
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.sort_unstable();
    out
}

fn organisation(rng: &mut Rng, parsed: &Parsed, kvk_slot: i64, taken: &HashSet<String>) -> Result<Organisation> {
    let place_index = rng.weighted(&parsed.weights);
    let place = &PLACES[place_index];
    let town = rng.pick(place.towns);
    let sector_index = generate::sector(rng);
    let sector = &SECTORS[sector_index];
    let kind = match rng.weighted(&[880, 60, 20, 20, 5, 5, 10]) {
        0 => OrganisationKind::Sme,
        1 => OrganisationKind::LargeCompany,
        2 => OrganisationKind::KnowledgeInstitution,
        3 => OrganisationKind::Intermediary,
        4 => OrganisationKind::Government,
        5 => OrganisationKind::Financier,
        _ => OrganisationKind::Other,
    };
    let name = if kind.is_company() {
        generate::company_name(rng, sector, place.region, town.0)
    } else {
        generate::other_name(rng, kind, sector, place.region, town.0)
    };
    let kvk = KVK_BASE + kvk_slot;
    let kvk_number = if kvk <= KVK_LAST && rng.chance(90) {
        let text = kvk.to_string();
        if taken.contains(&text) {
            None
        } else {
            Some(KvkNumber::parse(&text).map_err(refused("KvK number"))?)
        }
    } else {
        None
    };
    let mut themes = vec![parsed.themes[sector.theme as usize]];
    if rng.chance(30) {
        let extra = parsed.themes[if sector.theme == ThemeKey::Circular {
            ThemeKey::SmartIndustry
        } else {
            ThemeKey::Circular
        } as usize];
        themes.push(extra);
    }
    if rng.chance(15) {
        themes.clear();
    }
    themes.sort_unstable();
    Ok(Organisation {
        name,
        kvk_number,
        kind,
        size_class: Some(match kind {
            OrganisationKind::LargeCompany => SizeClass::Large,
            OrganisationKind::Sme => generate::sme_size(rng),
            _ => *rng.pick(&[SizeClass::Small, SizeClass::Medium]),
        }),
        sbi_code: kind.is_company().then(|| parsed.sbi[sector_index].clone()),
        address: Some(generate::address(rng)),
        postcode: Some(Postcode::parse(&generate::postcode(rng, town)).map_err(refused("postcode"))?),
        city: Some(town.0.to_string()),
        municipality_code: Some(parsed.municipalities[place_index].clone()),
        journey_stage: if kind.is_company() {
            generate::journey_stage(rng)
        } else {
            None::<JourneyStage>
        },
        spin_off_of: None,
        spin_off_date: None,
        website: None,
        description: None,
        theme_ids: themes,
    })
}

fn person(rng: &mut Rng, company: &str, organisation_id: i64) -> Result<Person> {
    let name = generate::person_name(rng);
    let email = if rng.chance(60) {
        Some(Email::parse(&generate::email(&name, company)).map_err(refused("e-mail address"))?)
    } else {
        None
    };
    Ok(Person {
        email,
        phone: None,
        function: Some(generate::function(rng).to_string()),
        consent_basis: if rng.chance(80) {
            ConsentBasis::LegitimateInterest
        } else {
            ConsentBasis::Consent
        },
        consent_date: Date(rng.date(generate::ymd(2016, 1, 1), generate::ymd(2024, 12, 31))),
        consent_purpose: None,
        organisation_ids: vec![organisation_id],
        name,
    })
}

fn project(rng: &mut Rng, parsed: &Parsed, networks: &[i64]) -> Project {
    let place = &PLACES[rng.weighted(&parsed.weights)];
    let town = rng.pick(place.towns);
    let start = rng.date(generate::ymd(2016, 1, 1), generate::ymd(2024, 12, 31));
    let stages = [
        InnovationStage::Idea,
        InnovationStage::Feasibility,
        InnovationStage::Development,
        InnovationStage::Pilot,
        InnovationStage::MarketIntroduction,
        InnovationStage::ScaleUp,
    ];
    Project {
        name: generate::project_name(rng, town.0),
        description: None,
        stage: *rng.pick(&stages),
        start_date: Some(Date(start)),
        end_date: rng
            .chance(30)
            .then(|| Date(start + time::Duration::days(rng.between(180, 1100).into()))),
        network_id: if rng.chance(50) && !networks.is_empty() {
            Some(*rng.pick(networks))
        } else {
            None
        },
        website: None,
        theme_ids: pick_themes(rng, parsed, 1, 2),
    }
}
