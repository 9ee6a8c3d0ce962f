import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { endAllSessions, verifyCredentials } from "../chat/accounts";
import { logAuthError } from "./auth-log";
import { getConfig } from "../config";
import { CLIENT_IP_HEADER } from "../security/client-ip";
import { isExhausted, SIGN_IN_FAILURES_PER_IP, SIGN_IN_FAILURES_PER_USERNAME, take } from "../security/rate-limits";
import { getServices } from "../services";
import { passwordSchema, usernameSchema } from "../validation";

declare module "next-auth" {
  interface Session {
    /** The session epoch the token was issued in (see users.session_epoch). */
    epoch?: number;
  }
}

// Auth.js posts csrfToken and callbackUrl alongside the fields, so extra keys are allowed here.
const signInFields = z.object({ username: usernameSchema, password: passwordSchema });

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Too many failed attempts for this IP or username; the sign-in form says so in words. */
export class SignInRateLimited extends CredentialsSignin {
  override code = "rate_limited";
}

async function authorize(raw: Partial<Record<string, unknown>>, request: Request) {
  const parsed = signInFields.safeParse(raw);
  if (!parsed.success) throw new CredentialsSignin();
  const services = getServices();
  const { signInIp, signInUser } = services.rateLimits;
  const ip = request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const name = parsed.data.username;
  if (
    (await isExhausted(signInIp, ip, SIGN_IN_FAILURES_PER_IP)) ||
    (await isExhausted(signInUser, name, SIGN_IN_FAILURES_PER_USERNAME))
  ) {
    throw new SignInRateLimited();
  }
  const user = await verifyCredentials(services, parsed.data);
  if (!user) {
    // Only failures count: people signing in successfully from one address are never locked out.
    await Promise.all([take(signInIp, ip), take(signInUser, name)]);
    throw new CredentialsSignin();
  }
  await signInUser.delete(name);
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
      jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.name = user.name;
          token.epoch = (user as { epoch?: number }).epoch ?? 0;
        }
        return token;
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
      signOut(message) {
        const sub = "token" in message ? message.token?.sub : undefined;
        if (sub && /^[1-9][0-9]{0,15}$/.test(sub)) endAllSessions(getServices(), Number(sub));
      },
    },
  };
});
