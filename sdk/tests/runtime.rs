//! The runtime against a fake Frontend API, with an injected clock: state, envelopes, errors,
//! token cache, single flight and proactive refresh. Runs natively (`cargo test -p tessera-sdk`)
//! and in Chromium (`wasm-pack test --headless --chrome sdk`).

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::*;
use tessera_core::ErrorCode;
use tessera_sdk::transport::HttpResponse;
use tessera_sdk::{GetTokenOptions, RuntimeOptions, SdkError, SetActive, SignOut};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const TOKENS: &str = "/client/sessions/sess_1/tokens";

fn default_token() -> GetTokenOptions {
    GetTokenOptions::default()
}

both!(
    load_fetches_environment_and_client_and_notifies_once,
    async {
        let h = harness(Some(&client_with(&["sess_1"])));
        let notified = Rc::new(Cell::new(0));
        let n = notified.clone();
        h.runtime.subscribe(move |_| n.set(n.get() + 1));
        assert!(!h.runtime.snapshot().is_loaded);

        h.runtime.load().await.expect("load");

        let snapshot = h.runtime.snapshot();
        assert!(snapshot.is_loaded && snapshot.is_signed_in());
        assert_eq!(
            snapshot.active_session().map(|s| s.id.as_str()),
            Some("sess_1")
        );
        assert_eq!(
            snapshot.user().and_then(|u| u.first_name.as_deref()),
            Some("Ada")
        );
        assert_eq!(notified.get(), 1);
        assert_eq!(
            (h.fapi.count("/environment"), h.fapi.count("/client")),
            (1, 1)
        );
    }
);

both!(
    snapshot_stays_the_same_object_until_something_changes,
    async {
        let h = harness(Some(&client_with(&["sess_1"])));
        h.runtime.load().await.expect("load");
        let before = h.runtime.snapshot();
        let notified = Rc::new(Cell::new(0));
        let n = notified.clone();
        h.runtime.subscribe(move |_| n.set(n.get() + 1));

        // The same client again: nothing changed, nobody is told, same object.
        h.runtime.reload_client().await.expect("reload");
        assert!(Rc::ptr_eq(&before, &h.runtime.snapshot()));
        assert_eq!(notified.get(), 0);

        // A second session appears: a new snapshot, listeners told once.
        h.fapi.on(
            "GET",
            "/client",
            200,
            client_envelope(&client_with(&["sess_1", "sess_2"])),
        );
        h.runtime.reload_client().await.expect("reload");
        let after = h.runtime.snapshot();
        assert!(!Rc::ptr_eq(&before, &after));
        assert_eq!(after.sessions().len(), 2);
        assert_eq!(notified.get(), 1);
    }
);

both!(unsubscribed_listeners_are_not_called, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    let notified = Rc::new(Cell::new(0));
    let n = notified.clone();
    let id = h.runtime.subscribe(move |_| n.set(n.get() + 1));
    h.runtime.unsubscribe(id);
    h.runtime.load().await.expect("load");
    assert_eq!(notified.get(), 0);
});

both!(
    patch_travels_as_post_with_method_override_and_a_form_body,
    async {
        let h = harness(None);
        h.runtime.load().await.expect("load");
        let sign_up = serde_json::json!({"object": "sign_up_attempt", "id": "sua_1", "status": "missing_requirements"});
        h.fapi.on(
            "POST",
            "/client/sign_ups/sua_1",
            200,
            envelope(sign_up, &client_with(&[])),
        );

        let fields = tessera_sdk::resources::sign_up::SignUpFields {
            first_name: Some("Ada Lovelace".into()),
            ..Default::default()
        };
        let result = h
            .runtime
            .sign_up()
            .update("sua_1", fields)
            .await
            .expect("update");

        assert_eq!(result.id, "sua_1");
        let sent = h.fapi.last();
        assert_eq!(sent.method, "POST");
        assert_eq!(
            sent.url,
            format!("{API}/v1/client/sign_ups/sua_1?_method=PATCH")
        );
        assert_eq!(sent.body.as_deref(), Some("first_name=Ada+Lovelace"));
    }
);

both!(dev_browser_mode_sends_the_token_on_every_request, async {
    let options = RuntimeOptions {
        frontend_api: API.to_owned(),
        dev_browser: true,
    };
    let h = harness_with(options, None);
    h.fapi.on(
        "POST",
        "/dev_browser",
        200,
        r#"{"id":"dvb_abc"}"#.to_owned(),
    );
    h.runtime.load().await.expect("load");

    let requests = h.fapi.requests.borrow();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].url.ends_with("/v1/dev_browser"));
    for request in &requests[1..] {
        assert!(
            request.url.ends_with("?__clerk_db_jwt=dvb_abc"),
            "{}",
            request.url
        );
    }
});

both!(publishable_keys_name_the_frontend_api, async {
    // base64("clerk.example.com$")
    let live =
        RuntimeOptions::from_key_or_url("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").expect("live key");
    assert_eq!(live.frontend_api, "https://clerk.example.com");
    assert!(!live.dev_browser);
    let test =
        RuntimeOptions::from_key_or_url("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k").expect("test key");
    assert!(test.dev_browser);
    let url = RuntimeOptions::from_key_or_url("http://127.0.0.1:4000/").expect("url");
    assert_eq!(url.frontend_api, "http://127.0.0.1:4000");
    assert_eq!(
        RuntimeOptions::from_key_or_url("sk_test_abc"),
        Err(SdkError::InvalidPublishableKey)
    );
    assert_eq!(
        RuntimeOptions::from_key_or_url("pk_test_!!!"),
        Err(SdkError::InvalidPublishableKey)
    );
});

both!(fapi_errors_carry_code_messages_and_parameter, async {
    let h = harness(Some(&client_with(&[])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        "/client/sign_ins",
        422,
        error_body("form_password_incorrect", Some("password")),
    );

    let error = h
        .runtime
        .sign_in()
        .create(tessera_sdk::resources::sign_in::CreateSignIn {
            identifier: Some("ada@example.com".into()),
            password: Some("wrong".into()),
            ..Default::default()
        })
        .await
        .expect_err("wrong password");

    assert!(matches!(error, SdkError::Api { status: 422, .. }));
    assert_eq!(error.code(), Some(ErrorCode::FormPasswordIncorrect));
    assert_eq!(error.param_name(), Some("password"));
    assert_eq!(error.message(), Some("form_password_incorrect message"));
    assert_eq!(error.long_message(), Some("form_password_incorrect long"));
});

both!(
    mutations_replace_the_whole_client_and_sign_out_clears_everything,
    async {
        let h = harness(Some(&client_with(&[])));
        h.runtime.load().await.expect("load");
        assert!(!h.runtime.snapshot().is_signed_in());

        let signed_in = client_with(&["sess_1"]);
        let sign_in = serde_json::json!({"object": "sign_in_attempt", "id": "sia_1", "status": "complete", "created_session_id": "sess_1"});
        h.fapi.on(
            "POST",
            "/client/sign_ins",
            200,
            envelope(sign_in, &signed_in),
        );
        let created = h
            .runtime
            .sign_in()
            .create(Default::default())
            .await
            .expect("sign in");
        assert_eq!(created.created_session_id.as_deref(), Some("sess_1"));
        assert!(h.runtime.snapshot().is_signed_in());

        h.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "a")),
        );
        let token = h.runtime.get_token(default_token()).await.expect("token");
        assert_eq!(h.cookies.session(), token);

        let mut signed_out = client_with(&[]);
        signed_out.sessions = signed_in.sessions.clone();
        signed_out.sessions[0].status = tessera_core::SessionStatus::Ended;
        signed_out.last_active_session_id = None;
        h.fapi.on(
            "POST",
            "/client/sessions",
            200,
            client_envelope(&signed_out),
        );
        h.runtime
            .sign_out(SignOut::default())
            .await
            .expect("sign out");

        assert_eq!(
            h.fapi.last().url,
            format!("{API}/v1/client/sessions?_method=DELETE")
        );
        let snapshot = h.runtime.snapshot();
        assert!(!snapshot.is_signed_in());
        assert_eq!(snapshot.sessions().len(), 1);
        assert_eq!(h.cookies.session(), None);
        assert_eq!(h.runtime.get_token(default_token()).await, Ok(None));
    }
);

both!(sign_out_of_one_session_removes_only_it, async {
    let h = harness(Some(&client_with(&["sess_1", "sess_2"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        "/client/sessions/sess_1/remove",
        200,
        client_envelope(&client_with(&["sess_2"])),
    );
    let next = jwt("sess_2", T0 / 1000, "next");
    h.fapi.on(
        "POST",
        "/client/sessions/sess_2/tokens",
        200,
        token_body(&next),
    );
    h.runtime
        .sign_out(SignOut {
            session_id: Some("sess_1".into()),
        })
        .await
        .expect("sign out one");
    let snapshot = h.runtime.snapshot();
    assert_eq!(
        snapshot.active_session().map(|s| s.id.as_str()),
        Some("sess_2")
    );
    // Resolved only once the session that took over has its token in the cookie.
    assert_eq!(h.cookies.session(), Some(next));
});

both!(
    set_active_touches_the_session_with_the_organization,
    async {
        let h = harness(Some(&client_with(&["sess_1", "sess_2"])));
        h.runtime.load().await.expect("load");
        let mut switched = client_with(&["sess_1", "sess_2"]);
        switched.last_active_session_id = Some("sess_1".into());
        h.fapi.on(
            "POST",
            "/client/sessions/sess_1/touch",
            200,
            client_envelope(&switched),
        );
        h.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "a")),
        );

        h.runtime
            .set_active(SetActive {
                session_id: Some("sess_1".into()),
                organization_id: Some(None),
            })
            .await
            .expect("set active");

        let touch = h
            .fapi
            .requests
            .borrow()
            .iter()
            .find(|r| r.url.contains("/touch"))
            .cloned();
        assert_eq!(
            touch.and_then(|r| r.body),
            Some("active_organization_id=".into())
        );
        assert_eq!(
            h.runtime.snapshot().active_session().map(|s| s.id.as_str()),
            Some("sess_1")
        );
        // The new session's token is fetched and written to the cookie.
        assert_eq!(h.cookies.session(), Some(jwt("sess_1", T0 / 1000, "a")));
    }
);

both!(
    cached_token_is_reused_while_it_has_more_than_15_seconds,
    async {
        let h = harness(Some(&client_with(&["sess_1"])));
        h.runtime.load().await.expect("load");
        let first = jwt("sess_1", T0 / 1000, "first");
        h.fapi.on("POST", TOKENS, 200, token_body(&first));

        assert_eq!(
            h.runtime.get_token(default_token()).await,
            Ok(Some(first.clone()))
        );
        h.clock.advance(44_999); // 15.001 s left
        assert_eq!(
            h.runtime.get_token(default_token()).await,
            Ok(Some(first.clone()))
        );
        assert_eq!(h.fapi.count(TOKENS), 1);

        let second = jwt("sess_1", (T0 + 45_000) / 1000, "second");
        h.fapi.on("POST", TOKENS, 200, token_body(&second));
        h.clock.advance(1); // exactly 15 s left: too little
        assert_eq!(
            h.runtime.get_token(default_token()).await,
            Ok(Some(second.clone()))
        );
        assert_eq!(h.fapi.count(TOKENS), 2);
        assert_eq!(h.cookies.session(), Some(second));
    }
);

both!(skip_cache_asks_the_server_again, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        TOKENS,
        200,
        token_body(&jwt("sess_1", T0 / 1000, "a")),
    );
    h.runtime.get_token(default_token()).await.expect("token");
    let options = GetTokenOptions {
        skip_cache: true,
        ..Default::default()
    };
    h.runtime.get_token(options).await.expect("token");
    assert_eq!(h.fapi.count(TOKENS), 2);
});

both!(templates_and_organizations_are_cached_apart, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        TOKENS,
        200,
        token_body(&jwt("sess_1", T0 / 1000, "session")),
    );
    h.fapi.on(
        "POST",
        "/client/sessions/sess_1/tokens/hasura",
        200,
        token_body(&jwt("sess_1", T0 / 1000, "hasura")),
    );

    let template = GetTokenOptions {
        template: Some("hasura".into()),
        ..Default::default()
    };
    let org = GetTokenOptions {
        organization_id: Some("org_1".into()),
        ..Default::default()
    };
    for _ in 0..2 {
        h.runtime
            .get_token(default_token())
            .await
            .expect("session token");
        h.runtime
            .get_token(template.clone())
            .await
            .expect("template token");
        h.runtime.get_token(org.clone()).await.expect("org token");
    }
    assert_eq!(h.fapi.count(TOKENS), 2);
    assert_eq!(h.fapi.count("/client/sessions/sess_1/tokens/hasura"), 1);
    assert_eq!(h.fapi.last().body.as_deref(), Some("organization_id=org_1"));
    // Only the session token of the active session goes into the cookie.
    assert_eq!(
        h.cookies.session(),
        Some(jwt("sess_1", T0 / 1000, "session"))
    );
});

both!(concurrent_callers_share_one_request, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let gate = Gate::default();
    let token = jwt("sess_1", T0 / 1000, "shared");
    h.fapi.gated("POST", TOKENS, &gate, 200, token_body(&token));

    let (a, b, c, ()) = futures::join!(
        h.runtime.get_token(default_token()),
        h.runtime.get_token(default_token()),
        h.runtime.get_token(default_token()),
        async {
            // All three are waiting on the one request before it answers.
            assert_eq!(h.fapi.count(TOKENS), 1);
            gate.open();
        }
    );

    assert_eq!(h.fapi.count(TOKENS), 1);
    for result in [a, b, c] {
        assert_eq!(result, Ok(Some(token.clone())));
    }
});

both!(concurrent_callers_share_the_failure_too, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let gate = Gate::default();
    h.fapi.gated(
        "POST",
        TOKENS,
        &gate,
        500,
        error_body("internal_clerk_error", None),
    );

    let (a, b, ()) = futures::join!(
        h.runtime.get_token(default_token()),
        h.runtime.get_token(default_token()),
        async { gate.open() }
    );
    assert_eq!(h.fapi.count(TOKENS), 1);
    assert_eq!(a, b);
    assert!(matches!(a, Err(SdkError::Api { status: 500, .. })));
});

both!(token_is_refreshed_proactively_before_expiry, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let first = jwt("sess_1", T0 / 1000, "first");
    h.fapi.on("POST", TOKENS, 200, token_body(&first));
    // Loading a signed-in client fetches its token in the background.
    settle(&h.clock).await;
    assert_eq!(h.fapi.count(TOKENS), 1);
    assert_eq!(h.cookies.session(), Some(first));
    assert_eq!(h.clock.pending_timers(), vec![T0 + 45_000]);

    let second = jwt("sess_1", (T0 + 45_000) / 1000, "second");
    h.fapi.on("POST", TOKENS, 200, token_body(&second));
    h.clock.advance(44_000);
    run_due(&h.clock).await;
    assert_eq!(h.fapi.count(TOKENS), 1, "no refresh before 15 s are left");

    h.clock.advance(1_000);
    run_due(&h.clock).await;
    assert_eq!(h.fapi.count(TOKENS), 2);
    assert_eq!(h.cookies.session(), Some(second.clone()));
    // Callers get the refreshed token without waiting for a request, and the next refresh is set.
    assert_eq!(h.runtime.get_token(default_token()).await, Ok(Some(second)));
    assert_eq!(h.fapi.count(TOKENS), 2);
    assert_eq!(h.clock.pending_timers(), vec![T0 + 90_000]);
});

both!(no_proactive_refresh_after_sign_out, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        TOKENS,
        200,
        token_body(&jwt("sess_1", T0 / 1000, "a")),
    );
    h.runtime.get_token(default_token()).await.expect("token");
    h.fapi.on(
        "POST",
        "/client/sessions",
        200,
        client_envelope(&client_with(&[])),
    );
    h.runtime
        .sign_out(SignOut::default())
        .await
        .expect("sign out");

    h.clock.advance(60_000);
    run_due(&h.clock).await;
    assert_eq!(h.fapi.count(TOKENS), 1);
});

both!(token_lifetime_is_measured_on_the_local_clock, async {
    // The browser clock is an hour ahead of the server's: the token still lives 60 s locally.
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let server_now = (T0 - 3_600_000) / 1000;
    h.fapi.on(
        "POST",
        TOKENS,
        200,
        token_body(&jwt("sess_1", server_now, "skewed")),
    );
    h.runtime.get_token(default_token()).await.expect("token");
    h.clock.advance(30_000);
    h.runtime.get_token(default_token()).await.expect("token");
    assert_eq!(h.fapi.count(TOKENS), 1);
});

both!(rate_limit_honours_retry_after_and_never_signs_out, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        TOKENS,
        200,
        token_body(&jwt("sess_1", T0 / 1000, "a")),
    );
    let cached = h.runtime.get_token(default_token()).await.expect("token");
    h.fapi.on_with("POST", TOKENS, |_| {
        Ok(HttpResponse {
            status: 429,
            retry_after: Some("7".into()),
            body: error_body("too_many_requests", None),
        })
    });
    let options = GetTokenOptions {
        skip_cache: true,
        ..Default::default()
    };

    let error = h.runtime.get_token(options).await.expect_err("429");

    assert_eq!(
        error,
        SdkError::RateLimited {
            retry_after_secs: Some(7)
        }
    );
    assert!(h.runtime.snapshot().is_signed_in());
    assert_eq!(h.cookies.session(), cached);
    assert_eq!(
        h.fapi.count("/client"),
        1,
        "a 429 does not re-fetch the client"
    );
});

both!(unauthenticated_refetches_the_client, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        TOKENS,
        401,
        error_body("authentication_invalid", None),
    );
    h.fapi
        .on("GET", "/client", 200, client_envelope(&client_with(&[])));

    let error = h.runtime.get_token(default_token()).await.expect_err("401");

    assert!(matches!(error, SdkError::Unauthenticated(_)));
    assert_eq!(error.code(), Some(ErrorCode::AuthenticationInvalid));
    assert_eq!(h.fapi.count("/client"), 2);
    assert!(!h.runtime.snapshot().is_signed_in());
});

both!(network_failures_leave_the_state_alone, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let before = h.runtime.snapshot();
    h.fapi.on_with("POST", TOKENS, |_| Err("offline".into()));

    let error = h
        .runtime
        .get_token(default_token())
        .await
        .expect_err("offline");

    // No token was ever fetched: the typed offline error, and nobody is signed out.
    assert_eq!(error, SdkError::Offline);
    assert!(Rc::ptr_eq(&before, &h.runtime.snapshot()));
});

both!(garbage_from_the_server_is_an_invalid_response, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    h.fapi.on(
        "POST",
        TOKENS,
        200,
        r#"{"object":"token","jwt":"not-a-jwt"}"#.to_owned(),
    );
    let error = h
        .runtime
        .get_token(default_token())
        .await
        .expect_err("bad jwt");
    assert!(matches!(error, SdkError::InvalidResponse(_)));
    h.fapi
        .on("POST", TOKENS, 502, "<html>bad gateway</html>".to_owned());
    let error = h.runtime.get_token(default_token()).await.expect_err("502");
    assert!(matches!(error, SdkError::InvalidResponse(_)));
});

both!(signed_out_get_token_is_none_without_a_request, async {
    let h = harness(None);
    h.runtime.load().await.expect("load");
    assert_eq!(h.runtime.get_token(default_token()).await, Ok(None));
    assert_eq!(h.fapi.count(TOKENS), 0);
});

both!(
    a_new_session_token_reaches_the_cookie_without_the_app_asking,
    async {
        let h = harness(Some(&client_with(&[])));
        h.runtime.load().await.expect("load");
        let sign_in =
            serde_json::json!({"object": "sign_in_attempt", "id": "sia_1", "status": "complete"});
        h.fapi.on(
            "POST",
            "/client/sign_ins",
            200,
            envelope(sign_in, &client_with(&["sess_1"])),
        );
        let token = jwt("sess_1", T0 / 1000, "a");
        h.fapi.on("POST", TOKENS, 200, token_body(&token));

        h.runtime
            .sign_in()
            .create(Default::default())
            .await
            .expect("sign in");
        settle(&h.clock).await;

        assert_eq!(h.cookies.session(), Some(token.clone()));
        assert_eq!(h.fapi.count(TOKENS), 1);
        // The app's own call is then served from the cache.
        assert_eq!(h.runtime.get_token(default_token()).await, Ok(Some(token)));
        assert_eq!(h.fapi.count(TOKENS), 1);
    }
);

both!(
    switching_sessions_drops_the_old_token_from_the_cookie_at_once,
    async {
        let h = harness(Some(&client_with(&["sess_1"])));
        h.runtime.load().await.expect("load");
        h.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "one")),
        );
        settle(&h.clock).await;
        assert!(h.cookies.session().is_some());

        let mut switched = client_with(&["sess_1", "sess_2"]);
        switched.last_active_session_id = Some("sess_2".into());
        h.fapi.on("GET", "/client", 200, client_envelope(&switched));
        h.runtime.reload_client().await.expect("reload");
        assert_eq!(
            h.cookies.session(),
            None,
            "no stale token while the new one is fetched"
        );

        let two = jwt("sess_2", T0 / 1000, "two");
        h.fapi.on(
            "POST",
            "/client/sessions/sess_2/tokens",
            200,
            token_body(&two),
        );
        settle(&h.clock).await;
        assert_eq!(h.cookies.session(), Some(two));
        // Only the new session's token is refreshed from now on.
        h.clock.advance(45_000);
        run_due(&h.clock).await;
        assert_eq!(h.fapi.count(TOKENS), 1);
        assert_eq!(h.fapi.count("/client/sessions/sess_2/tokens"), 2);
    }
);

both!(first_factor_calls_send_their_fields, async {
    use tessera_sdk::resources::sign_in::{AttemptFirstFactor, PrepareFirstFactor, ResetPassword};
    let h = harness(Some(&client_with(&[])));
    h.runtime.load().await.expect("load");
    let attempt = serde_json::json!({"object": "sign_in_attempt", "id": "sia_1", "status": "needs_first_factor"});
    for step in [
        "prepare_first_factor",
        "attempt_first_factor",
        "reset_password",
    ] {
        let path = format!("/client/sign_ins/sia_1/{step}");
        h.fapi.on(
            "POST",
            &path,
            200,
            envelope(attempt.clone(), &client_with(&[])),
        );
    }
    let sign_in = h.runtime.sign_in();

    sign_in
        .prepare_first_factor(
            "sia_1",
            PrepareFirstFactor {
                strategy: "email_code".into(),
                email_address_id: Some("idn_1".into()),
                ..Default::default()
            },
        )
        .await
        .expect("prepare");
    assert_eq!(
        h.fapi.last().body.as_deref(),
        Some("strategy=email_code&email_address_id=idn_1")
    );

    sign_in
        .attempt_first_factor(
            "sia_1",
            AttemptFirstFactor {
                strategy: "email_code".into(),
                code: Some("424242".into()),
                ..Default::default()
            },
        )
        .await
        .expect("attempt");
    assert_eq!(
        h.fapi.last().body.as_deref(),
        Some("strategy=email_code&code=424242")
    );

    sign_in
        .reset_password(
            "sia_1",
            ResetPassword {
                password: "new pass".into(),
                sign_out_of_other_sessions: true,
            },
        )
        .await
        .expect("reset");
    let last = h.fapi.last();
    assert_eq!(
        last.url,
        format!("{API}/v1/client/sign_ins/sia_1/reset_password")
    );
    assert_eq!(
        last.body.as_deref(),
        Some("password=new+pass&sign_out_of_other_sessions=true")
    );
});

both!(user_update_needs_a_session_and_patches_me, async {
    use tessera_sdk::resources::user::UpdateUser;
    let h = harness(Some(&client_with(&[])));
    h.runtime.load().await.expect("load");
    let change = UpdateUser {
        first_name: Some("Grace".into()),
        ..Default::default()
    };
    assert_eq!(
        h.runtime.update_user(change.clone()).await,
        Err(SdkError::NoActiveSession)
    );

    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let mut renamed = client_with(&["sess_1"]);
    if let Some(user) = renamed.sessions[0].user.as_mut() {
        user.first_name = Some("Grace".into());
    }
    let user = renamed.sessions[0]
        .user
        .clone()
        .map(|u| serde_json::to_value(u).unwrap_or_default());
    h.fapi.on(
        "POST",
        "/me",
        200,
        envelope(user.unwrap_or_default(), &renamed),
    );

    let updated = h.runtime.update_user(change).await.expect("update");

    assert_eq!(updated.first_name.as_deref(), Some("Grace"));
    assert_eq!(h.fapi.last().url, format!("{API}/v1/me?_method=PATCH"));
    let shown = h
        .runtime
        .snapshot()
        .user()
        .and_then(|u| u.first_name.clone());
    assert_eq!(shown.as_deref(), Some("Grace"));
});

fn dev_options() -> RuntimeOptions {
    RuntimeOptions {
        frontend_api: API.to_owned(),
        dev_browser: true,
    }
}

both!(
    the_dev_browser_token_is_kept_in_a_cookie_for_the_next_page_load,
    async {
        use tessera_sdk::cookies::{Cookies as _, DEV_BROWSER};
        let h = harness_with(dev_options(), None);
        h.fapi.on(
            "POST",
            "/dev_browser",
            200,
            r#"{"id":"dvb_saved"}"#.to_owned(),
        );
        h.runtime.load().await.expect("load");
        assert_eq!(h.cookies.get(DEV_BROWSER).as_deref(), Some("dvb_saved"));

        // The next page load: a new runtime over the same cookies reuses the token.
        let next = harness_with(dev_options(), None);
        next.cookies.set(DEV_BROWSER, Some("dvb_saved"));
        next.runtime.load().await.expect("load");
        assert_eq!(next.fapi.count("/dev_browser"), 0);
        assert!(next.fapi.last().url.ends_with("?__clerk_db_jwt=dvb_saved"));
    }
);

both!(an_unknown_dev_browser_token_is_replaced, async {
    use tessera_sdk::cookies::{Cookies as _, DEV_BROWSER};
    let h = harness_with(dev_options(), Some(&client_with(&[])));
    h.cookies.set(DEV_BROWSER, Some("dvb_stale"));
    h.fapi.once(
        "GET",
        "/client",
        401,
        error_body("dev_browser_unauthenticated", None),
    );
    h.fapi.on(
        "POST",
        "/dev_browser",
        200,
        r#"{"id":"dvb_new"}"#.to_owned(),
    );

    h.runtime.load().await.expect("load");

    assert!(h.runtime.snapshot().is_loaded);
    assert_eq!(h.cookies.get(DEV_BROWSER).as_deref(), Some("dvb_new"));
    assert!(h
        .fapi
        .last()
        .url
        .ends_with("/v1/client?__clerk_db_jwt=dvb_new"));
});

both!(
    auth_names_the_user_session_organization_role_and_claims,
    async {
        use tessera_core::{Authorization, OrganizationMembership, OrganizationSummary};
        let mut client = client_with(&["sess_1"]);
        client.sessions[0].last_active_organization_id = Some("org_1".into());
        if let Some(user) = client.sessions[0].user.as_mut() {
            user.organization_memberships = vec![OrganizationMembership {
                id: "orgmem_1".into(),
                organization: OrganizationSummary {
                    id: "org_1".into(),
                    slug: "acme".into(),
                    ..Default::default()
                },
                role: "org:admin".into(),
                permissions: vec!["org:sys_memberships:manage".into()],
                ..Default::default()
            }];
        }
        let h = harness(Some(&client));
        assert!(!h.runtime.snapshot().auth().is_loaded);
        h.runtime.load().await.expect("load");

        let auth = h.runtime.snapshot().auth();
        assert!(auth.is_loaded && auth.is_signed_in);
        assert_eq!(auth.user_id.as_deref(), Some("user_1"));
        assert_eq!(auth.session_id.as_deref(), Some("sess_1"));
        assert_eq!(auth.org_id.as_deref(), Some("org_1"));
        assert_eq!(auth.org_slug.as_deref(), Some("acme"));
        assert!(auth.has(&Authorization::Role("admin".into())));
        assert!(auth.has(&Authorization::Role("org:admin".into())));
        assert!(!auth.has(&Authorization::Role("org:member".into())));
        assert!(auth.has(&Authorization::Permission(
            "org:sys_memberships:manage".into()
        )));
        assert!(!auth.has(&Authorization::Permission("org:sys_profile:delete".into())));
        assert_eq!(auth.session_claims, None, "no token yet");

        // The token arrives: its claims join the state and listeners hear of it.
        let notified = Rc::new(Cell::new(0));
        let n = notified.clone();
        h.runtime.subscribe(move |_| n.set(n.get() + 1));
        h.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "claims")),
        );
        settle(&h.clock).await;
        let claims = h.runtime.snapshot().auth().session_claims.expect("claims");
        assert_eq!(claims.jti, "claims");
        assert_eq!(notified.get(), 1);
    }
);

both!(signed_out_auth_is_empty_but_loaded, async {
    let h = harness(Some(&client_with(&[])));
    h.runtime.load().await.expect("load");
    let auth = h.runtime.snapshot().auth();
    assert_eq!(
        auth,
        tessera_sdk::Auth {
            is_loaded: true,
            ..Default::default()
        }
    );
});

both!(
    a_cancelled_request_fails_its_waiters_and_the_next_call_retries,
    async {
        let h = harness(Some(&client_with(&["sess_1"])));
        h.runtime.load().await.expect("load");
        let gate = Gate::default();
        h.fapi.gated(
            "POST",
            TOKENS,
            &gate,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "late")),
        );

        let mut leader = Box::pin(h.runtime.get_token(default_token()));
        assert!(futures::poll!(leader.as_mut()).is_pending());
        let mut waiter = Box::pin(h.runtime.get_token(default_token()));
        assert!(futures::poll!(waiter.as_mut()).is_pending());
        drop(leader); // e.g. the component that asked unmounted

        let error = waiter.await.expect_err("the shared request was cancelled");
        assert!(matches!(error, SdkError::Network(_)));
        let fresh = jwt("sess_1", T0 / 1000, "fresh");
        h.fapi.on("POST", TOKENS, 200, token_body(&fresh));
        assert_eq!(h.runtime.get_token(default_token()).await, Ok(Some(fresh)));
        assert_eq!(h.fapi.count(TOKENS), 2);
    }
);

both!(short_lived_tokens_are_cached_for_half_their_life, async {
    let h = harness(Some(&client_with(&["sess_1"])));
    h.runtime.load().await.expect("load");
    let short = jwt_living("sess_1", T0 / 1000, 10, "short");
    h.fapi.on("POST", TOKENS, 200, token_body(&short));
    settle(&h.clock).await;
    assert_eq!(h.clock.pending_timers(), vec![T0 + 5_000]);
    h.clock.advance(4_999);
    assert_eq!(h.runtime.get_token(default_token()).await, Ok(Some(short)));
    assert_eq!(h.fapi.count(TOKENS), 1);
});

both!(
    tokens_without_a_lifetime_are_not_refreshed_in_a_loop,
    async {
        let h = harness(Some(&client_with(&["sess_1"])));
        h.runtime.load().await.expect("load");
        h.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt_living("sess_1", T0 / 1000, 0, "dead")),
        );
        settle(&h.clock).await;
        settle(&h.clock).await;
        assert_eq!(h.fapi.count(TOKENS), 1);
        assert!(h.clock.pending_timers().is_empty());
    }
);

both!(
    set_active_by_slug_sends_the_id_and_org_calls_replace_the_client,
    async {
        use tessera_core::{OrganizationMembership, OrganizationSummary};
        let mut client = client_with(&["sess_1"]);
        let membership = OrganizationMembership {
            id: "orgmem_1".into(),
            organization: OrganizationSummary {
                id: "org_1".into(),
                slug: "acme".into(),
                name: "Acme".into(),
                ..Default::default()
            },
            role: "org:admin".into(),
            ..Default::default()
        };
        let h = harness(Some(&client));
        h.runtime.load().await.expect("load");

        // Creating answers with a client that lists the new membership.
        if let Some(user) = client.sessions[0].user.as_mut() {
            user.organization_memberships = vec![membership.clone()];
        }
        h.fapi.on(
            "POST",
            "/organizations",
            200,
            envelope(
                serde_json::to_value(&membership.organization).expect("org"),
                &client,
            ),
        );
        let org = h
            .runtime
            .organizations()
            .create("Acme", None)
            .await
            .expect("create");
        assert_eq!(org.id, "org_1");
        assert_eq!(h.fapi.last().body.as_deref(), Some("name=Acme"));
        let user = h.runtime.snapshot().user().cloned().expect("user");
        assert_eq!(user.organization_memberships.len(), 1);

        let mut active = client.clone();
        active.sessions[0].last_active_organization_id = Some("org_1".into());
        h.fapi.on(
            "POST",
            "/client/sessions/sess_1/touch",
            200,
            client_envelope(&active),
        );
        h.fapi.on(
            "POST",
            TOKENS,
            200,
            token_body(&jwt("sess_1", T0 / 1000, "org")),
        );
        h.runtime
            .set_active(SetActive::organization("acme"))
            .await
            .expect("set active");
        let touch = h
            .fapi
            .requests
            .borrow()
            .iter()
            .find(|r| r.url.contains("/touch"))
            .cloned();
        assert_eq!(
            touch.and_then(|r| r.body),
            Some("active_organization_id=org_1".into())
        );
        let snapshot = h.runtime.snapshot();
        assert_eq!(
            snapshot.active_organization().map(|o| o.name.as_str()),
            Some("Acme")
        );
        assert_eq!(snapshot.auth().org_role.as_deref(), Some("org:admin"));
    }
);
