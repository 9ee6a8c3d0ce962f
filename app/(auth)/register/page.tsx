import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth-form";
import { currentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Create account · Chat" };

export default async function RegisterPage() {
  if (await currentUser()) redirect("/");
  return <AuthForm mode="register" callbackUrl="/" />;
}
