import type { Metadata } from "next";
import { NewGroupForm } from "@/components/new-group-form";

export const metadata: Metadata = { title: "New group · Chat" };

export default function NewGroupPage() {
  return <NewGroupForm />;
}
