import { describe, expect, it } from "vitest";
import { applySuggestion, findTrigger, matchPeople } from "./suggest";

describe("findTrigger", () => {
  it("finds :shortcode after two letters and @ at once, only at the start of a word", () => {
    expect(findTrigger("hi :ta", 6)).toEqual({ kind: "emoji", query: "ta", start: 3 });
    expect(findTrigger("hi :t", 5)).toBeNull();
    expect(findTrigger("at 10:30", 8)).toBeNull();
    expect(findTrigger("@", 1)).toEqual({ kind: "mention", query: "", start: 0 });
    expect(findTrigger("ask (@bo", 8)).toEqual({ kind: "mention", query: "bo", start: 5 });
    expect(findTrigger("mail a@b", 8)).toBeNull();
    expect(findTrigger("hi :ta and more", 6)).toEqual({ kind: "emoji", query: "ta", start: 3 });
    expect(findTrigger("hi :ta and more", 15)).toBeNull();
  });
});

describe("applySuggestion", () => {
  it("replaces the trigger and leaves one space after", () => {
    expect(applySuggestion("hi @bo", 6, { kind: "mention", query: "bo", start: 3 }, "@bob")).toEqual({ text: "hi @bob ", caret: 8 });
    expect(applySuggestion("hi :ta there", 6, { kind: "emoji", query: "ta", start: 3 }, "🎉")).toEqual({ text: "hi 🎉 there", caret: 5 });
  });
});

describe("matchPeople", () => {
  const people = [
    { username: "bob", name: "Bob Marley" },
    { username: "ann_lee", name: "Ann Lee" },
    { username: "carl", name: "carl" },
  ];
  it("matches usernames and any word of the shown name, case-blind", () => {
    expect(matchPeople(people, "").map((p) => p.username)).toEqual(["bob", "ann_lee", "carl"]);
    expect(matchPeople(people, "MAR").map((p) => p.username)).toEqual(["bob"]);
    expect(matchPeople(people, "lee").map((p) => p.username)).toEqual(["ann_lee"]);
    expect(matchPeople(people, "ann_").map((p) => p.username)).toEqual(["ann_lee"]);
    expect(matchPeople(people, "zz")).toEqual([]);
  });
});
