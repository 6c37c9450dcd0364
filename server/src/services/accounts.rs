//! Accounts: sign-up, sign-in, API tokens, roles, and the audit log. Authorization is decided here, on every
//! call, from the request's [`Actor`] — never only in the UI.

use anyhow::Context;
use app::ports::{Accounts, RequestContext, ServiceError};
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use shared::auth::{
    Actor, CredentialProblem, Principal, Role, Scope, check_new_password, normalize_email, normalize_name,
};
use shared::dto::{
    AuditEntry, CreatedToken, Me, NewTokenRequest, Page, PageRequest, SellerRef, SignUpRequest, TokenInfo,
};
use shared::ids::{SellerId, TokenId, UserId};

use super::rate_limit::AttemptLimiter;
use crate::db::Database;
use crate::db::accounts::{self as store, NewShop, NewToken, NewUser, TokenRow, UserRow};
use crate::ids::{fresh, now_ms};

/// Token secrets start with this, so leaked ones are easy to recognize and scan for.
pub const TOKEN_PREFIX: &str = "bzr_";

pub struct AccountService {
    db: Database,
    /// Sign-in and sign-up attempts per client IP.
    per_ip: AttemptLimiter,
    /// Sign-in attempts per account email (a distributed guess at one account is still limited).
    per_account: AttemptLimiter,
}

impl AccountService {
    /// `attempts_per_minute` bounds sign-in and sign-up attempts per IP and per account.
    pub fn new(db: Database, attempts_per_minute: u32) -> Self {
        Self {
            db,
            per_ip: AttemptLimiter::per_minute(attempts_per_minute),
            per_account: AttemptLimiter::per_minute(attempts_per_minute),
        }
    }

    /// The principal behind a bearer token secret, with the token's scopes; None for an unknown or revoked token.
    pub async fn authenticate_token(&self, secret: &str) -> Result<Option<Actor>, ServiceError> {
        let Some(token) =
            store::find_live_token(self.db.pool(), &sha256_hex(secret)).await.context("token lookup")?
        else {
            return Ok(None);
        };
        let Some(user) =
            store::find_user_by_id(self.db.pool(), &token.owner_id).await.context("token owner")?
        else {
            return Ok(None);
        };
        store::touch_token(self.db.pool(), &token.id, now_ms()).await.context("token use")?;
        let scopes = parse_scopes(&token.scopes);
        Ok(Some(Actor::Token { principal: principal_of(&user)?, scopes }))
    }

    /// The principal of a session's user; None when the account no longer exists.
    pub async fn session_actor(&self, user_id: &str) -> Result<Actor, ServiceError> {
        match store::find_user_by_id(self.db.pool(), user_id).await.context("session user")? {
            Some(user) => Ok(Actor::User(principal_of(&user)?)),
            None => Ok(Actor::Anonymous),
        }
    }

    /// Lets the limiters drop keys whose quota has fully recovered.
    pub fn forget_idle_attempts(&self) {
        self.per_ip.forget_idle();
        self.per_account.forget_idle();
    }

    fn limit(&self, limiter: &AttemptLimiter, key: &str) -> Result<(), ServiceError> {
        limiter.attempt(key).map_err(|retry_after_secs| ServiceError::RateLimited { retry_after_secs })
    }

    fn limit_ip(&self, context: &RequestContext, action: &str) -> Result<(), ServiceError> {
        let ip = context.ip.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into());
        self.limit(&self.per_ip, &format!("{action}:{ip}"))
    }

    async fn audit(
        &self,
        context: &RequestContext,
        actor: Option<&UserId>,
        action: &str,
        subject: Option<&str>,
    ) -> Result<(), ServiceError> {
        super::audit::record(&self.db, context, actor, action, subject).await
    }

    async fn begin_session(&self, context: &RequestContext, user: UserId) -> Result<(), ServiceError> {
        match &context.session {
            Some(session) => session.begin(user).await,
            None => Err(ServiceError::Forbidden("Sessions are for browsers; scripts use API tokens.".into())),
        }
    }
}

#[async_trait]
impl Accounts for AccountService {
    async fn sign_up(&self, context: &RequestContext, request: SignUpRequest) -> Result<Me, ServiceError> {
        self.limit_ip(context, "sign_up")?;
        let email = normalize_email(&request.email)?;
        check_new_password(&request.password)?;
        let display_name = normalize_name(&request.display_name, "display_name")?;
        if !request.role.can_self_register() {
            return Err(CredentialProblem { field: "role", code: "role_not_allowed" }.into());
        }
        let shop_name = match request.role {
            Role::Seller => {
                Some(normalize_name(request.shop_name.as_deref().unwrap_or_default(), "shop_name")?)
            }
            _ => None,
        };
        let password = request.password;
        let password_hash = tokio::task::spawn_blocking(move || password_auth::generate_hash(password))
            .await
            .context("hashing the password")?;
        let user_id = fresh(UserId::from_parts);
        let shop_id = fresh(SellerId::from_parts).to_string();
        let shop_slug = format!("shop-{}", &shop_id[shop_id.len() - 12..]);
        let user_key = user_id.to_string();
        let new_user = NewUser {
            id: &user_key,
            email: &email,
            display_name: &display_name,
            password_hash: &password_hash,
            role: request.role.as_str(),
            // New shops start in the US market; onboarding lets the seller change region and currency.
            shop: shop_name.as_deref().map(|name| NewShop {
                id: &shop_id,
                name,
                slug: &shop_slug,
                region: "US",
                currency: "USD",
            }),
            created_at_ms: now_ms(),
        };
        match store::insert_user(self.db.pool(), &new_user).await {
            Ok(()) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(CredentialProblem { field: "email", code: "email_taken" }.into());
            }
            Err(e) => return Err(anyhow::Error::from(e).context("creating the account").into()),
        }
        self.audit(context, Some(&user_id), "sign_up", Some(&email)).await?;
        self.begin_session(context, user_id).await?;
        let user = store::find_user_by_id(self.db.pool(), &user_key).await.context("new account")?;
        me_of(&user.context("the new account vanished")?)
    }

    async fn sign_in(
        &self,
        context: &RequestContext,
        email: &str,
        password: &str,
    ) -> Result<Me, ServiceError> {
        let email = email.trim().to_lowercase();
        self.limit_ip(context, "sign_in")?;
        self.limit(&self.per_account, &email)?;
        let user = store::find_user_by_email(self.db.pool(), &email).await.context("finding the account")?;
        // Verify against a fixed hash when there is no account, so both paths cost the same time.
        let stored_hash = match &user {
            Some(user) => user.password_hash.clone(),
            None => dummy_hash().await?,
        };
        let password = password.to_owned();
        let matches = tokio::task::spawn_blocking(move || {
            password_auth::verify_password(password, &stored_hash).is_ok()
        })
        .await
        .context("verifying the password")?;
        match user {
            Some(user) if matches => {
                let principal = principal_of(&user)?;
                self.audit(context, Some(&principal.user_id), "sign_in", Some(&email)).await?;
                self.begin_session(context, principal.user_id).await?;
                me_of(&user)
            }
            _ => {
                self.audit(context, None, "sign_in_failed", Some(&email)).await?;
                Err(ServiceError::BadCredentials)
            }
        }
    }

    async fn sign_out(&self, context: &RequestContext) -> Result<(), ServiceError> {
        if let Some(principal) = context.actor.principal() {
            self.audit(context, Some(&principal.user_id), "sign_out", None).await?;
        }
        match &context.session {
            Some(session) => session.end().await,
            None => Ok(()),
        }
    }

    async fn me(&self, context: &RequestContext) -> Result<Option<Me>, ServiceError> {
        let Some(principal) = context.actor.principal() else { return Ok(None) };
        let user =
            store::find_user_by_id(self.db.pool(), &principal.user_id.to_string()).await.context("me")?;
        user.as_ref().map(me_of).transpose()
    }

    async fn create_token(
        &self,
        context: &RequestContext,
        request: NewTokenRequest,
    ) -> Result<CreatedToken, ServiceError> {
        // Tokens are made in the browser by a signed-in person, never by another token.
        let Actor::User(principal) = &context.actor else {
            return Err(match context.actor {
                Actor::Anonymous => ServiceError::Unauthenticated,
                _ => ServiceError::Forbidden("API tokens cannot create tokens.".into()),
            });
        };
        let name = normalize_name(&request.name, "name")?;
        let grantable = principal.role.grantable_scopes();
        if grantable.is_empty() {
            return Err(ServiceError::Forbidden("Shopper accounts do not use API tokens.".into()));
        }
        let mut scopes = request.scopes.clone();
        scopes.sort();
        scopes.dedup();
        if scopes.is_empty() {
            return Err(ServiceError::Invalid {
                field: Some("scopes".into()),
                message: "Choose at least one scope.".into(),
            });
        }
        if let Some(scope) = scopes.iter().find(|s| !grantable.contains(s)) {
            return Err(ServiceError::Invalid {
                field: Some("scopes".into()),
                message: format!("A {} account cannot grant {}.", principal.role.as_str(), scope.as_str()),
            });
        }
        let secret = new_secret();
        let id = fresh(TokenId::from_parts);
        let id_text = id.to_string();
        let owner = principal.user_id.to_string();
        let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
        let scopes_text = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
        let created_at_ms = now_ms();
        let hash = sha256_hex(&secret);
        let row = NewToken {
            id: &id_text,
            owner_id: &owner,
            name: &name,
            secret_sha256: &hash,
            prefix: &prefix,
            scopes: &scopes_text,
            created_at_ms,
        };
        store::insert_token(self.db.pool(), &row).await.context("storing the token")?;
        self.audit(context, Some(&principal.user_id), "token_created", Some(&id_text)).await?;
        let token =
            TokenInfo { id, name, prefix, scopes, created_at_ms, last_used_at_ms: None, revoked_at_ms: None };
        Ok(CreatedToken { token, secret })
    }

    async fn list_tokens(&self, context: &RequestContext) -> Result<Vec<TokenInfo>, ServiceError> {
        let principal = context.actor.require_signed_in()?;
        let rows =
            store::list_tokens(self.db.pool(), &principal.user_id.to_string()).await.context("tokens")?;
        rows.iter().map(token_info).collect()
    }

    async fn revoke_token(&self, context: &RequestContext, token: TokenId) -> Result<(), ServiceError> {
        let principal = context.actor.require_signed_in()?;
        let revoked =
            store::revoke_token(self.db.pool(), &principal.user_id.to_string(), &token.to_string(), now_ms())
                .await
                .context("revoking the token")?;
        if !revoked {
            // Someone else's token, an unknown one, or one already revoked: all look the same.
            return Err(ServiceError::NotFound("token"));
        }
        self.audit(context, Some(&principal.user_id), "token_revoked", Some(&token.to_string())).await
    }

    async fn audit_log(
        &self,
        context: &RequestContext,
        page: PageRequest,
    ) -> Result<Page<AuditEntry>, ServiceError> {
        context.actor.require(Role::Operator, Scope::Admin)?;
        let pool = self.db.pool();
        let (rows, total) = tokio::try_join!(
            store::list_audit(pool, page.per_page(), page.offset()),
            store::count_audit(pool)
        )
        .context("reading the audit log")?;
        let items = rows
            .into_iter()
            .map(|row| AuditEntry {
                at_ms: row.at_ms,
                action: row.action,
                actor: row.actor_email,
                subject: row.subject,
                ip: row.ip,
            })
            .collect();
        Ok(Page { items, page: page.page(), per_page: page.per_page(), total })
    }

    async fn change_role(
        &self,
        context: &RequestContext,
        user: UserId,
        role: Role,
    ) -> Result<(), ServiceError> {
        let operator = context.actor.require(Role::Operator, Scope::Admin)?.user_id;
        if !store::update_role(self.db.pool(), &user.to_string(), role.as_str())
            .await
            .context("changing a role")?
        {
            return Err(ServiceError::NotFound("account"));
        }
        self.audit(context, Some(&operator), "role_changed", Some(&format!("{user} → {}", role.as_str())))
            .await
    }
}

/// A hash of a random string, made once: verified against when the account does not exist.
async fn dummy_hash() -> Result<String, ServiceError> {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let hash = HASH
        .get_or_try_init(|| async {
            let random: [u8; 16] = rand::random();
            tokio::task::spawn_blocking(move || password_auth::generate_hash(random)).await
        })
        .await
        .context("making the dummy hash")?;
    Ok(hash.clone())
}

fn new_secret() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let body: String = (0..32).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("{TOKEN_PREFIX}{body}")
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split_whitespace().filter_map(Scope::parse).collect()
}

fn principal_of(user: &UserRow) -> Result<Principal, ServiceError> {
    Ok(Principal {
        user_id: user.id.parse().with_context(|| format!("user id {:?}", user.id))?,
        role: Role::parse(&user.role).with_context(|| format!("role {:?}", user.role))?,
        seller_id: user.seller_id.as_deref().map(str::parse).transpose().context("seller id")?,
    })
}

fn me_of(user: &UserRow) -> Result<Me, ServiceError> {
    let principal = principal_of(user)?;
    let shop = match (principal.seller_id, &user.seller_name) {
        (Some(id), Some(name)) => Some(SellerRef {
            id,
            name: name.clone(),
            rating_x100: user.seller_rating_x100.and_then(|r| u16::try_from(r).ok()),
        }),
        _ => None,
    };
    Ok(Me {
        user_id: principal.user_id,
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: principal.role,
        shop,
    })
}

fn token_info(row: &TokenRow) -> Result<TokenInfo, ServiceError> {
    Ok(TokenInfo {
        id: row.id.parse().with_context(|| format!("token id {:?}", row.id))?,
        name: row.name.clone(),
        prefix: row.prefix.clone(),
        scopes: parse_scopes(&row.scopes),
        created_at_ms: row.created_at_ms,
        last_used_at_ms: row.last_used_at_ms,
        revoked_at_ms: row.revoked_at_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_dummy_hash_is_made_once_and_matches_nothing_typed() {
        let hash = dummy_hash().await.expect("hash");
        assert_eq!(dummy_hash().await.expect("hash"), hash);
        assert!(matches!(
            password_auth::verify_password("", &hash),
            Err(password_auth::VerifyError::PasswordInvalid)
        ));
    }

    #[test]
    fn secrets_are_long_random_and_prefixed() {
        let (a, b) = (new_secret(), new_secret());
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == TOKEN_PREFIX.len() + 32);
        assert_ne!(a, b);
        assert_eq!(sha256_hex("abc").len(), 64);
    }
}
