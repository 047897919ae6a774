import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Harness, startHarness } from "../../test-support/api-harness.ts";
import { fixtures } from "./category-fixtures.ts";

let h: Harness;
let f: ReturnType<typeof fixtures>;
before(async () => {
  h = await startHarness();
  f = fixtures(h);
});
after(() => h.close());

const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path).sort();

describe("categories: validation", () => {
  test("bad fields answer 400 naming each, and create nothing", async () => {
    const u = await h.newUser();
    const res = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "  ", kind: "savings", parentId: "nope" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.deepEqual(paths(res), ["kind", "name", "parentId"]);
    assert.equal((await h.call("GET", "/v1/categories", { token: u.token })).json.items.length, 0);
    assert.equal((await h.call("GET", "/v1/categories/not-a-uuid", { token: u.token })).status, 400);
    assert.deepEqual(paths(await h.call("GET", "/v1/categories?tree=yes", { token: u.token })), ["query.tree"]);
  });

  test("only two levels: a child can't be a parent", async () => {
    const u = await f.seededUser();
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const res = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "Organic", parentId: groceries },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["parentId"]);
  });

  test("a child's kind must be its group's", async () => {
    const u = await f.seededUser();
    const food = await f.categoryId(u.id, "Food");
    const res = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "Tips", parentId: food, kind: "income" },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(paths(res), ["kind"]);
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const patch = await h.call("PATCH", `/v1/categories/${groceries}`, { token: u.token, body: { kind: "income" } });
    assert.deepEqual([patch.status, paths(patch)], [400, ["kind"]]);
  });

  test("sibling names are unique ignoring case: 409; the same name elsewhere is fine", async () => {
    const u = await f.seededUser();
    const food = await f.categoryId(u.id, "Food");
    const dup = await h.call("POST", "/v1/categories", { token: u.token, body: { name: "groceries", parentId: food } });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.code, "CONFLICT");
    assert.equal((await h.call("POST", "/v1/categories", { token: u.token, body: { name: "FOOD" } })).status, 409);
    const shopping = await f.categoryId(u.id, "Shopping");
    const elsewhere = await h.call("POST", "/v1/categories", {
      token: u.token,
      body: { name: "Groceries", parentId: shopping },
    });
    assert.equal(elsewhere.status, 201);
    // Renaming into a sibling's name, or moving next to a same-named one, conflicts too.
    const books = await f.categoryId(u.id, "Books", "Shopping");
    const rename = await h.call("PATCH", `/v1/categories/${books}`, { token: u.token, body: { name: "Clothing" } });
    assert.equal(rename.status, 409);
    const move = await h.call("PATCH", `/v1/categories/${elsewhere.json.id}`, {
      token: u.token,
      body: { parentId: food },
    });
    assert.equal(move.status, 409);
  });

  test("no cycles, no third level, no unknown fields when patching", async () => {
    const u = await f.seededUser();
    const food = await f.categoryId(u.id, "Food");
    const health = await f.categoryId(u.id, "Health");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const self = await h.call("PATCH", `/v1/categories/${food}`, { token: u.token, body: { parentId: food } });
    assert.deepEqual([self.status, paths(self)], [400, ["parentId"]]);
    const underChild = await h.call("PATCH", `/v1/categories/${food}`, {
      token: u.token,
      body: { parentId: groceries },
    });
    assert.deepEqual([underChild.status, paths(underChild)], [400, ["parentId"]]);
    const groupWithChildren = await h.call("PATCH", `/v1/categories/${food}`, {
      token: u.token,
      body: { parentId: health },
    });
    assert.deepEqual([groupWithChildren.status, paths(groupWithChildren)], [400, ["parentId"]]);
    const unknown = await h.call("PATCH", `/v1/categories/${food}`, { token: u.token, body: { colour: "red" } });
    assert.equal(unknown.status, 400);
    assert.equal((await h.call("GET", `/v1/categories/${food}`, { token: u.token })).json.parentId, null);
  });

  test("merging into itself or a group into its own child is refused", async () => {
    const u = await f.seededUser();
    const food = await f.categoryId(u.id, "Food");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const self = await h.call("POST", `/v1/categories/${food}/merge`, { token: u.token, body: { intoId: food } });
    assert.deepEqual([self.status, paths(self)], [400, ["intoId"]]);
    const child = await h.call("POST", `/v1/categories/${food}/merge`, { token: u.token, body: { intoId: groceries } });
    assert.deepEqual([child.status, paths(child)], [400, ["intoId"]]);
    const missing = await h.call("POST", `/v1/categories/${food}/merge`, { token: u.token, body: {} });
    assert.deepEqual([missing.status, paths(missing)], [400, ["intoId"]]);
    assert.equal((await h.call("GET", `/v1/categories/${food}`, { token: u.token })).status, 200);
  });

  test("reassignTo must survive the delete", async () => {
    const u = await f.seededUser();
    const food = await f.categoryId(u.id, "Food");
    const groceries = await f.categoryId(u.id, "Groceries", "Food");
    const res = await h.call("DELETE", `/v1/categories/${food}?reassignTo=${groceries}`, { token: u.token });
    assert.deepEqual([res.status, paths(res)], [400, ["reassignTo"]]);
    const bad = await h.call("DELETE", `/v1/categories/${food}?reassignTo=x`, { token: u.token });
    assert.deepEqual([bad.status, paths(bad)], [400, ["query.reassignTo"]]);
    assert.equal((await h.call("GET", `/v1/categories/${groceries}`, { token: u.token })).status, 200);
  });
});
