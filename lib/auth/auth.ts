import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { verifyCredentials } from "../chat/accounts";
import { getConfig } from "../config";
import { getServices } from "../services";
import { passwordSchema, usernameSchema } from "../validation";

// Auth.js posts csrfToken and callbackUrl alongside the fields, so extra keys are allowed here.
const signInFields = z.object({ username: usernameSchema, password: passwordSchema });

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

// Lazy so that `next build`, which imports route modules, does not read or create the secret.
export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = getConfig();
  return {
    secret: config.authSecret,
    trustHost: true,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    logger: {
      // A wrong password is an answer, not a server fault: keep it out of the error log.
      error(error) {
        if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
        console.error("[auth]", error);
      },
    },
    providers: [
      Credentials({
        id: "credentials",
        credentials: { username: { label: "Username" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = signInFields.safeParse(raw);
          if (!parsed.success) throw new CredentialsSignin();
          const user = await verifyCredentials(getServices(), parsed.data);
          if (!user) throw new CredentialsSignin();
          return { id: String(user.id), name: user.username };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          token.name = user.name;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
});
