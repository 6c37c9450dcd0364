//! The audit log's one writer: who (if anyone signed in) did what to which subject, from which address, when.

use anyhow::Context;
use app::ports::{RequestContext, ServiceError};
use shared::ids::{AuditEntryId, UserId};

use crate::db::Database;
use crate::db::accounts::{NewAuditEntry, insert_audit};
use crate::ids::{fresh, now_ms};

/// Records one action. `actor` is None for what nobody signed in did (a failed sign-in).
pub async fn record(
    db: &Database,
    context: &RequestContext,
    actor: Option<&UserId>,
    action: &str,
    subject: Option<&str>,
) -> Result<(), ServiceError> {
    let id = fresh(AuditEntryId::from_parts).to_string();
    let actor = actor.map(ToString::to_string);
    let ip = context.ip.map(|ip| ip.to_string());
    let entry = NewAuditEntry {
        id: &id,
        at_ms: now_ms(),
        actor_id: actor.as_deref(),
        action,
        subject,
        ip: ip.as_deref(),
    };
    insert_audit(db.pool(), &entry).await.context("writing the audit log")?;
    Ok(())
}
