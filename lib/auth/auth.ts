import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { endAllSessions, verifyCredentials } from "../chat/accounts";
import { ChatError } from "../chat/errors";
import { getConfig } from "../config";
import { CLIENT_IP_HEADER } from "../security/client-ip";
import { getServices } from "../services";
import { passwordSchema, usernameSchema } from "../validation";
import { logAuthError } from "./auth-log";
import { resolveSessionUser } from "./session-user";
import { admitSignIn } from "./sign-in-guard";

declare module "next-auth" {
  interface Session {
    /** The session epoch the token was issued in (see users.session_epoch). */
    epoch?: number;
  }
}

// Auth.js posts csrfToken and callbackUrl alongside the fields, so extra keys are allowed here.
const signInFields = z.object({ username: usernameSchema, password: passwordSchema });

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * A refusal the sign-in form explains in words. `code` reaches HTTP callers in the redirect
 * (`?error=CredentialsSignin&code=...`); the form's server action also reads `retryAfterMs`.
 */
abstract class SignInRefused extends CredentialsSignin {
  constructor(readonly retryAfterMs: number) {
    super();
  }
}

/** Too many failed attempts for this username and address, or from this address: wait a while. */
export class SignInRateLimited extends SignInRefused {
  override code = "rate_limited";
}

/** Every password-hashing thread is taken and the queue is full: try again in a moment. */
export class SignInBusy extends SignInRefused {
  override code = "busy";
}

async function authorize(raw: Partial<Record<string, unknown>>, request: Request) {
  const parsed = signInFields.safeParse(raw);
  if (!parsed.success) throw new CredentialsSignin();
  const services = getServices();
  const ip = request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const admission = await admitSignIn(services.rateLimits, parsed.data.username, ip);
  if (!admission.ok) throw new SignInRateLimited(admission.retryAfterMs);
  const { attempt } = admission;
  let user: Awaited<ReturnType<typeof verifyCredentials>>;
  try {
    user = await verifyCredentials(services, parsed.data);
  } catch (error) {
    await attempt.abandoned();
    if (error instanceof ChatError && error.code === "busy") throw new SignInBusy(error.retryAfterMs ?? 1000);
    throw error;
  }
  if (!user) {
    await attempt.failed();
    throw new CredentialsSignin();
  }
  await attempt.succeeded();
  return { id: String(user.id), name: user.username, epoch: user.sessionEpoch };
}

// Lazy so that `next build`, which imports route modules, does not read or create the secret.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  return {
    secret: config.authSecret,
    trustHost: true,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    logger: { error: (error) => logAuthError(error) },
    providers: [
      Credentials({
        id: "credentials",
        credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
        authorize,
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.name = user.name;
          token.epoch = (user as { epoch?: number }).epoch ?? 0;
          return token;
        }
        // Each later read (GET /api/auth/session, auth()): a token from before a sign-out, or of a
        // user who is gone, ends here; null makes Auth.js clear the cookie instead of refreshing it.
        return (await resolveSessionUser(getServices(), token)) ? token : null;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        session.epoch = typeof token.epoch === "number" ? token.epoch : 0;
        return session;
      },
    },
    events: {
      // Through the form or POST /api/auth/signout alike: every session of the user ends, and
      // their sockets on every instance are closed now.
      async signOut(message) {
        const sub = "token" in message ? message.token?.sub : undefined;
        if (sub && /^[1-9][0-9]{0,15}$/.test(sub)) await endAllSessions(getServices(), Number(sub));
      },
    },
  };
});
