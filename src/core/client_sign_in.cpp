// client_sign_in.cpp — the client's sign-in: the OAuth redirect and code exchange, a pasted or restored
// token, refresh on demand and sign-out (with the revoke). The token requests are jobs like any other
// (client_engine.h), so they are logged, timed out and cancelled the same way.
#include "core/client_engine.h"

namespace pinlab {

// [SECTION] Client: sign-in --------------------------------------------------------------------------

Result<std::string> Client::begin_sign_in() { return impl_->oauth.begin_sign_in(); }

Handle<Tokens> Client::complete_sign_in(std::string_view redirect_url) {
    auto call = std::make_shared<Call<Tokens>>();
    call->call_id = impl_->next_call_id++;
    impl_->evidence = {};
    Result<AuthCode> code = impl_->oauth.handle_redirect(redirect_url);
    if (!code.ok()) {
        Impl::complete(*call, code.error);
        return call;
    }
    Result<Request> req = impl_->oauth.token_request(*code.value);
    if (!req.ok()) {
        impl_->oauth.fail(req.error);
        Impl::complete(*call, req.error);
        return call;
    }
    Impl* impl = impl_.get();
    impl_->waiting.push_front(oauth_job(ops::oauth_token, *req.value, call, [impl, call](const Completion& c) {
        if (c.error != TransportError::None) {
            impl->oauth.fail(code_exchange_error(error_from_transport(c.error, c.error_detail, ops::oauth_token)));
        } else {
            impl->oauth.accept_token_response(c.response, impl->now_s());
        }
        if (impl->oauth.state() == AuthState::SignedIn && impl->oauth.tokens()) {
            call->value = *impl->oauth.tokens();
            Impl::complete(*call, {});
        } else {
            Impl::complete(*call, impl->oauth.last_error());
        }
    }));
    return call;
}

void Client::use_token(std::string access_token, std::vector<std::string> scopes, std::string environment,
                       int64_t expires_at) {
    impl_->evidence = {};
    impl_->oauth.use_token(std::move(access_token), std::move(scopes), std::move(environment), expires_at);
}

ApiError Client::restore_tokens(const Tokens& t) {
    impl_->evidence = {};
    return impl_->oauth.restore(t);
}

Handle<Tokens> Client::refresh_now() {
    auto call = std::make_shared<Call<Tokens>>();
    call->call_id = impl_->next_call_id++;
    if (!impl_->oauth.can_refresh(impl_->now_s())) {
        Impl::complete(*call, cannot_refresh_error());
        return call;
    }
    impl_->start_refresh();
    if (impl_->refresh_running) return impl_->refresh_call;  // the refresh job's own call (new or running)
    Impl::complete(*call, impl_->oauth.last_error().ok() ? make_error(ErrorKind::Auth, "refresh could not start")
                                                         : impl_->oauth.last_error());
    return call;
}

Handle<Empty> Client::sign_out() {
    auto call = std::make_shared<Call<Empty>>();
    call->call_id = impl_->next_call_id++;
    std::optional<Request> rev = impl_->oauth.revoke_request();
    impl_->evidence = {};
    impl_->oauth.sign_out();  // forget at once: nothing may use the tokens after this
    // Requests waiting for auth now fail; queued authed requests fail at dispatch.
    impl_->wake_auth_waiters();
    if (!rev) {
        call->value = Empty{};
        Impl::complete(*call, {});
        return call;
    }
    auto j = oauth_job(ops::token_revoke, *rev, call, [call](const Completion& c) {
        if (c.error != TransportError::None) {
            Impl::complete(*call, error_from_transport(c.error, c.error_detail, ops::token_revoke));
        } else if (c.response.status >= 200 && c.response.status < 300) {
            call->value = Empty{};
            Impl::complete(*call, {});
        } else {
            Impl::complete(*call, revoke_refused_error(c.response, ops::token_revoke));
        }
    });
    impl_->enqueue(std::move(j));
    return call;
}

}  // namespace pinlab
