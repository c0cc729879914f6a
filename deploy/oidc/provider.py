#!/usr/bin/python3
"""A small OpenID Connect provider for Commitment Radar's tests, on loopback.

It speaks the parts of OpenID Connect the product uses, for real: a discovery document, a JWKS, the authorization
endpoint (code flow with PKCE S256, state and nonce), and a token endpoint that redeems each code once for RS256
ID tokens signed with PyJWT. Tests steer it through /control/* endpoints: who signs in and with which claims, the
next ID token's oddities (another audience, already expired, signed with a key nobody published, another nonce),
rotating the signing key, setting the instant tokens are issued at, and minting an ID token directly (for the API's token exchange).

Needs the Debian packages python3-jwt and python3-cryptography (or PyJWT and cryptography from PyPI).

    provider.py --port 0 --client-id radar --client-secret S [--redirect-uri URI] [--login-form] [--user-groups A,B]

prints "listening on PORT" once it accepts connections. With --login-form the authorization endpoint shows a
page with an e-mail field and a "Sign in" button (for browser stories) instead of approving at once; whoever signs
in there has the claims of the default person (--user-groups), under the e-mail address typed.
"""

import argparse
import base64
import hashlib
import html
import json
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa
except ImportError as error:  # pragma: no cover - says what to install
    sys.stderr.write(
        f"provider.py: {error}; install the Debian packages python3-jwt and python3-cryptography "
        "(apt-get install python3-jwt python3-cryptography)\n")
    sys.exit(3)


def b64url_uint(number):
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class SigningKey:
    """An RSA key with its id, as the JWKS publishes it."""

    def __init__(self):
        self.kid = secrets.token_hex(8)
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self):
        numbers = self.private.public_key().public_numbers()
        return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
                "n": b64url_uint(numbers.n), "e": b64url_uint(numbers.e)}


class Provider:
    """The provider's state: keys, the user who signs in, pending codes, and the next token's oddities."""

    def __init__(self, client_id, client_secret, redirect_uri, login_form, groups):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.login_form = login_form
        self.issuer = None
        self.lock = threading.Lock()
        self.keys = [SigningKey()]
        self.user = {"sub": "person-1", "email": "person@example.test", "name": "A Person", "groups": groups}
        self.users = {}
        self.codes = {}
        self.next_token = {}
        self.token_requests = 0
        # The instant tokens are issued at: the real time unless a test set its own clock.
        self.clock = None

    def now(self):
        return int(self.clock if self.clock is not None else time.time())

    def active_key(self):
        return self.keys[-1]

    def id_token(self, claims, nonce, overrides):
        now = self.now()
        payload = {"iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300}
        payload.update(claims)
        if nonce is not None:
            payload["nonce"] = nonce
        if "aud" in overrides:
            payload["aud"] = overrides["aud"]
        if "exp_offset" in overrides:
            payload["exp"] = now + int(overrides["exp_offset"])
            payload["iat"] = min(payload["iat"], payload["exp"] - 60)
        if "nonce" in overrides:
            payload["nonce"] = overrides["nonce"]
        if "iss" in overrides:
            payload["iss"] = overrides["iss"]
        for name in overrides.get("drop_claims", []):
            payload.pop(name, None)
        key = self.active_key()
        signer = key.private
        if overrides.get("sign_with") == "rogue":
            # Same key id as the published key, but signed with a key nobody published: a forged signature.
            signer = SigningKey().private
        return jwt.encode(payload, signer, algorithm="RS256", headers={"kid": key.kid})


class Handler(BaseHTTPRequestHandler):
    provider = None  # set in main

    def log_message(self, fmt, *args):
        pass

    # Answers

    def send_json(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_html(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    # Routes

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        p = self.provider
        if url.path == "/.well-known/openid-configuration":
            self.send_json(200, {
                "issuer": p.issuer,
                "authorization_endpoint": p.issuer + "/authorize",
                "token_endpoint": p.issuer + "/token",
                "jwks_uri": p.issuer + "/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "code_challenge_methods_supported": ["S256"],
                "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
            })
        elif url.path == "/jwks":
            with p.lock:
                keys = [key.jwk() for key in p.keys]
            self.send_json(200, {"keys": keys})
        elif url.path == "/authorize":
            self.authorize(query)
        else:
            self.send_json(404, {"error": "not_found"})

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        body = self.read_body()
        p = self.provider
        if url.path == "/token":
            self.token(dict(urllib.parse.parse_qsl(body.decode())))
        elif url.path == "/authorize":
            form = dict(urllib.parse.parse_qsl(body.decode()))
            request = json.loads(form.get("request") or "{}")
            email = form.get("email", "").strip().lower()
            with p.lock:
                claims = p.users.get(email)
                if claims is None:
                    claims = dict(p.user, sub=email, email=email, name=email.split("@")[0].title())
            self.approve(request, claims)
        elif url.path == "/control/user":
            claims = json.loads(body or b"{}")
            with p.lock:
                p.user = claims
                if "email" in claims:
                    p.users[claims["email"].lower()] = claims
            self.send_json(200, {"ok": True})
        elif url.path == "/control/next-token":
            with p.lock:
                p.next_token = json.loads(body or b"{}")
            self.send_json(200, {"ok": True})
        elif url.path == "/control/clock":
            with p.lock:
                p.clock = json.loads(body or b"{}").get("now")
            self.send_json(200, {"ok": True})
        elif url.path == "/control/rotate":
            with p.lock:
                p.keys = [SigningKey()]
                kid = p.keys[-1].kid
            self.send_json(200, {"kid": kid})
        elif url.path == "/control/mint":
            request = json.loads(body or b"{}")
            with p.lock:
                token = p.id_token(request.get("claims", p.user), request.get("nonce"), request.get("overrides", {}))
            self.send_json(200, {"id_token": token})
        elif url.path == "/control/stats":
            self.send_json(200, {"token_requests": p.token_requests})
        else:
            self.send_json(404, {"error": "not_found"})

    def authorize(self, query):
        p = self.provider
        problems = []
        if query.get("response_type") != "code":
            problems.append("response_type must be code")
        if query.get("client_id") != p.client_id:
            problems.append("unknown client_id")
        if p.redirect_uri and query.get("redirect_uri") != p.redirect_uri:
            problems.append("redirect_uri is not the registered one")
        if "openid" not in query.get("scope", "").split():
            problems.append("scope must include openid")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            problems.append("PKCE with S256 is required")
        if not query.get("state") or not query.get("nonce"):
            problems.append("state and nonce are required")
        if problems:
            self.send_html(400, "<h1>Bad sign-in request</h1><p>" + html.escape("; ".join(problems)) + "</p>")
            return
        if p.login_form:
            request = html.escape(json.dumps(query), quote=True)
            self.send_html(200, f"""<!doctype html><html><head><title>Test provider sign-in</title></head>
<body><h1>Test provider</h1><form method="post" action="/authorize">
<input type="hidden" name="request" value="{request}">
<label for="email">E-mail</label> <input id="email" name="email" type="email" required>
<button type="submit" id="approve">Sign in</button></form></body></html>""")
            return
        with p.lock:
            claims = dict(p.user)
        self.approve(query, claims)

    def approve(self, query, claims):
        p = self.provider
        code = secrets.token_urlsafe(24)
        with p.lock:
            p.codes[code] = {"claims": claims, "nonce": query.get("nonce"), "challenge": query.get("code_challenge"),
                             "redirect_uri": query.get("redirect_uri"), "expires": time.time() + 60}
        separator = "&" if "?" in query["redirect_uri"] else "?"
        self.redirect(query["redirect_uri"] + separator
                      + urllib.parse.urlencode({"code": code, "state": query.get("state", "")}))

    def token(self, form):
        p = self.provider
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            user, _, password = decoded.partition(":")
            client_id, client_secret = urllib.parse.unquote_plus(user), urllib.parse.unquote_plus(password)
        if client_id != p.client_id or client_secret != p.client_secret:
            self.send_json(401, {"error": "invalid_client", "error_description": "unknown client or wrong secret"})
            return
        if form.get("grant_type") != "authorization_code":
            self.send_json(400, {"error": "unsupported_grant_type"})
            return
        with p.lock:
            p.token_requests += 1
            pending = p.codes.pop(form.get("code", ""), None)
            overrides, p.next_token = p.next_token, {}
        if pending is None or pending["expires"] < time.time():
            self.send_json(400, {"error": "invalid_grant", "error_description": "unknown, used or expired code"})
            return
        if form.get("redirect_uri") != pending["redirect_uri"]:
            self.send_json(400, {"error": "invalid_grant", "error_description": "redirect_uri differs"})
            return
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != pending["challenge"]:
            self.send_json(400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"})
            return
        with p.lock:
            token = p.id_token(pending["claims"], pending["nonce"], overrides)
        self.send_json(200, {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer", "expires_in": 300,
                             "id_token": token})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--redirect-uri", default="")
    parser.add_argument("--login-form", action="store_true")
    parser.add_argument("--user-groups", default="", help="comma-separated groups of whoever signs in by default")
    arguments = parser.parse_args()
    groups = [group for group in arguments.user_groups.split(",") if group]
    provider = Provider(arguments.client_id, arguments.client_secret, arguments.redirect_uri, arguments.login_form,
                        groups)
    Handler.provider = provider
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
