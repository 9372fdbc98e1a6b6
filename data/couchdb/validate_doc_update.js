// validate_doc_update of salesterm's design document (_design/salesterm).
//
// Installed by 'salesterm server-init URL' into every team database. It runs
// on the server for every write, replicated ones included, and refuses:
//  - documents that are not salesterm records: an _id that is not a record id
//    (any text of one line up to 1000 bytes: other clients have their own
//    schemes), an unknown "type", a field of the wrong JSON type (text, a
//    whole number in its range, true/false; null is empty), a value not
//    among a field's choices, a live record without its required fields, an
//    owner that is not text, a record whose type changes;
//  - a rep's write to a record owned by someone else, a rep giving a record
//    away, and a rep's write to the types only managers change (users, stages,
//    products, campaigns, forecast adjustments, team settings; a rep may
//    still edit their own user record, not its role);
//  - any change to a follow-up log, a stage change, an approval, a deal's
//    history entry, a forecast snapshot or adjustment, a team setting's
//    entry (they are immutable; deleting one is allowed).
// Managers and server admins may write every record. Who is who comes from the
// roles of the author's server account, which server-init sets in _users:
//   salesterm.user.<salesterm user id>   the user record this login acts as
//   salesterm.manager                    a manager
// (PouchDB Server hands validate_doc_update no security object for _bulk_docs,
// so roles are the one source both servers give; the "salesterm" mapping in
// _security is used where a server provides it.)
//
// The client applies the same rules to what it pulls (src/sync/doc.c) and
// quarantines what fails them; it also checks what this function does not
// (dates, amounts, currencies, text lengths, control characters in text).
// The table below is the client's descriptor table (src/entity.c) as
// 'salesterm TYPE fields --json' gives it; tests/sync/foreign.sh fails if the
// two drift apart.
function (newDoc, oldDoc, userCtx, secObj) {
  // Each type's fields: [JSON type, required, choices or [min, max]]. JSON
  // type "s" text, "n" a whole number, "b" true/false (or 0/1). Required
  // means required without a default: a field with one may be left out.
  var types = {
    user: {name: ["s", 1], email: ["s"], role: ["s", 0, ["rep","manager"]], territory: ["s"],
      quota: ["s"], currency: ["s"], period: ["s", 0, ["month","quarter","year"]]},
    account: {name: ["s", 1], industry: ["s"], territory: ["s"], segment: ["s", 0, ["A","B","C"]],
      segment_by_hand: ["b"], phone: ["s"], email: ["s"], website: ["s"], address: ["s"],
      tags: ["s"], notes: ["s"]},
    contact: {name: ["s", 1], given_name: ["s"], family_name: ["s"], account: ["s"], title: ["s"],
      phone: ["s"], mobile: ["s"], email: ["s"], address: ["s"],
      channel: ["s", 0, ["phone","mobile","email","wechat","sms","visit"]], do_not_contact: ["b"],
      birthday: ["s"], tags: ["s"], notes: ["s"]},
    campaign: {name: ["s", 1],
      channel: ["s", 0, ["web","referral","event","call","email","social","partner","ads","other"]],
      start_date: ["s"], end_date: ["s"], cost: ["s"], currency: ["s"]},
    lead: {name: ["s", 1], company: ["s"], title: ["s"], phone: ["s"], email: ["s"],
      source: ["s", 0, ["web","referral","event","call","email","social","partner","ads","other"]],
      channel: ["s"], campaign: ["s"],
      status: ["s", 0, ["new","contacted","nurturing","qualified","disqualified","converted"]],
      rating: ["s", 0, ["hot","warm","cold"]], score: ["n", 0, [0, 100]], reason: ["s"],
      converted_account: ["s"], converted_contact: ["s"], converted_opportunity: ["s"],
      notes: ["s"], cadence: ["n", 0, [1, 365]], nurture_since: ["s"],
      do_not_contact: ["b"]},
    stage: {name: ["s", 1], position: ["n", 1, [0, 100000]], probability: ["n", 1, [0, 100]],
      won: ["b"], lost: ["b"], idle_days: ["n", 0, [1, 3650]], required: ["s"],
      review_role: ["s", 0, ["rep","manager"]]},
    opportunity: {name: ["s", 1], account: ["s"], contact: ["s"], stage: ["s"], amount: ["s"],
      currency: ["s"], probability: ["n", 0, [0, 100]], close_date: ["s"],
      category: ["s", 0, ["pipeline","best_case","commit","closed","omitted"]], next_step: ["s"],
      lost_reason: ["s"], product_line: ["s"], lead: ["s"], stage_at: ["s"], review_stage: ["s"],
      review_status: ["s", 0, ["requested","approved","returned"]], review_note: ["s"],
      review_reply: ["s"], review_at: ["s"]},
    stage_change: {opportunity: ["s", 1], from_stage: ["s"], to_stage: ["s", 1], at: ["s", 1],
      user: ["s"], amount: ["s"], currency: ["s"], probability: ["n", 0, [0, 100]]},
    approval: {opportunity: ["s", 1], stage: ["s", 1], user: ["s", 1], at: ["s", 1], note: ["s"]},
    product: {code: ["s", 1], name: ["s", 1], line: ["s"], price: ["s"], currency: ["s"]},
    activity: {kind: ["s", 1, ["call","meeting","visit","task","email"]], subject: ["s", 1],
      start: ["s"], end: ["s"], due: ["s"], all_day: ["b"], location: ["s"], related: ["s"],
      status: ["s", 0, ["planned","done","cancelled"]],
      priority: ["s", 0, ["low","normal","high"]], reminder: ["n", 0, [0, 40320]]},
    followup: {related: ["s"], activity: ["s"], at: ["s", 1],
      channel: ["s", 0, ["call","visit","meeting","email","wechat","sms","other"]],
      outcome: ["s"], notes: ["s"], next_date: ["s"]},
    opportunity_history: {opportunity: ["s", 1], at: ["s", 1], user: ["s"],
      event: ["s", 0, ["created","changed","migrated"]], old_stage: ["s"], stage: ["s"],
      old_amount: ["s"], amount: ["s"], old_currency: ["s"], currency: ["s"],
      old_probability: ["n", 0, [0, 100]], probability: ["n", 0, [0, 100]],
      old_close_date: ["s"], close_date: ["s"],
      old_category: ["s", 0, ["pipeline","best_case","commit","closed","omitted"]],
      category: ["s", 0, ["pipeline","best_case","commit","closed","omitted"]],
      old_owner: ["s"], new_owner: ["s"]},
    forecast_snapshot: {name: ["s", 1], period: ["s", 1, ["month","quarter","year","custom"]],
      first: ["s", 1], last: ["s", 1], scope: ["s"], at: ["s", 1], user: ["s"],
      currency: ["s", 1], figures: ["s"]},
    forecast_adjustment: {user: ["s"], territory: ["s"], period: ["s", 1], commit: ["s"],
      best_case: ["s"], currency: ["s"], note: ["s"]},
    consent: {contact: ["s", 1], channel: ["s", 1, ["email","phone","sms","post"]],
      action: ["s", 1, ["given","withdrawn"]], at: ["s", 1], method: ["s"], user: ["s"],
      note: ["s"]},
    team_setting: {setting: ["s", 1, ["quota_visibility"]], value: ["s", 1]}
  };
  // Logs: once written, never changed (deleting one is allowed).
  var appendOnly = { followup: "follow-up logs never change; add a new one",
    stage_change: "a deal's stage changes are its history and never change",
    approval: "a sign-off is history and never changes",
    opportunity_history: "a deal's history never changes",
    forecast_snapshot: "a forecast snapshot never changes; take a new one",
    forecast_adjustment: "a forecast adjustment never changes; record a new one",
    consent: "consent is a history and never changes; record a new entry",
    team_setting: "a team setting's entry never changes; choose again" };
  var managerOnly = { user: true, stage: true, product: true, campaign: true,
    forecast_adjustment: true, team_setting: true };
  var roles = (userCtx && userCtx.roles) || [];
  var team = (secObj && secObj.salesterm) || {};
  var users = team.users || {};
  var managers = team.managers || [];
  var isAdmin = roles.indexOf("_admin") !== -1;
  var isManager = isAdmin || roles.indexOf("salesterm.manager") !== -1 ||
    (userCtx.name !== null && managers.indexOf(userCtx.name) !== -1);
  var me = null;
  var i0;
  for (i0 = 0; i0 < roles.length; i0++) {
    if (typeof roles[i0] === "string" && roles[i0].indexOf("salesterm.user.") === 0) {
      me = roles[i0].substring(15);
    }
  }
  if (me === null && userCtx.name !== null && users.hasOwnProperty(userCtx.name)) {
    me = users[userCtx.name];
  }
  var bare = newDoc._deleted === true && newDoc.type === undefined;
  var key, value, type, spec, fields;

  function forbid(why) {
    throw ({ forbidden: why });
  }

  if (newDoc._id.indexOf("_design/") === 0) {
    if (!isAdmin) {
      forbid("only a server admin may change design documents");
    }
    return;
  }
  if (/[\u0000-\u001f\u007f-\u009f]/.test(newDoc._id) ||
      unescape(encodeURIComponent(newDoc._id)).length > 1000) {
    forbid("_id " + JSON.stringify(newDoc._id) + " is not a record id " +
      "(one line of text, at most 1000 bytes)");
  }
  if (!bare) {
    if (typeof newDoc.type !== "string" || !types.hasOwnProperty(newDoc.type)) {
      forbid("unknown type " + JSON.stringify(newDoc.type));
    }
    fields = types[newDoc.type];
    // Keys this table does not know are a newer client's: left alone.
    for (key in fields) {
      if (!fields.hasOwnProperty(key)) {
        continue;
      }
      spec = fields[key];
      value = newDoc[key];
      if (value === undefined || value === null || (value === "" && spec[0] === "s")) {
        if (spec[1] && newDoc._deleted !== true) {
          forbid(newDoc.type + " " + newDoc._id + ": " + key + ": is required");
        }
        continue;
      }
      if (spec[0] === "s" && typeof value !== "string") {
        forbid(newDoc.type + " " + newDoc._id + ": " + key + ": must be text or null");
      }
      if (spec[0] === "n" && (typeof value !== "number" || Math.floor(value) !== value ||
          value < spec[2][0] || value > spec[2][1])) {
        forbid(newDoc.type + " " + newDoc._id + ": " + key + ": must be a whole number from " +
          spec[2][0] + " to " + spec[2][1]);
      }
      if (spec[0] === "b" && typeof value !== "boolean" && value !== 0 && value !== 1) {
        forbid(newDoc.type + " " + newDoc._id + ": " + key + ": must be true or false");
      }
      if (spec[0] === "s" && spec[2] && spec[2].indexOf(value) === -1) {
        forbid(newDoc.type + " " + newDoc._id + ": " + key + ": must be one of " +
          spec[2].join(", "));
      }
    }
    for (key in { owner: 1, updated_by: 1, created_at: 1, updated_at: 1 }) {
      value = newDoc[key];
      if (value !== undefined && value !== null && typeof value !== "string") {
        forbid(newDoc.type + " " + newDoc._id + ": " + key + ": must be text or null");
      }
    }
  }
  if (oldDoc && oldDoc.type && newDoc.type && oldDoc.type !== newDoc.type) {
    forbid(newDoc._id + ": a record's type never changes");
  }
  if (oldDoc && appendOnly.hasOwnProperty(oldDoc.type) && oldDoc._deleted !== true && !bare &&
      newDoc._deleted !== true) {
    for (key in newDoc) {
      if (key.charAt(0) !== "_" && key !== "updated_at" && key !== "updated_by" &&
          JSON.stringify(newDoc[key]) !== JSON.stringify(oldDoc[key])) {
        forbid(oldDoc.type + " " + newDoc._id + ": " + appendOnly[oldDoc.type]);
      }
    }
  }
  if (isManager) {
    return;
  }
  if (me === null) {
    forbid("user " + userCtx.name + " is not a member of this team database " +
      "(a manager adds them with salesterm server-init)");
  }
  type = newDoc.type || (oldDoc && oldDoc.type);
  if (managerOnly[type]) {
    if (type === "user" && newDoc._id === me && oldDoc && !bare && newDoc._deleted !== true &&
        oldDoc.role === newDoc.role) {
      return;
    }
    forbid("only a manager may change " + type + " records");
  }
  if (oldDoc && oldDoc.owner && oldDoc.owner !== me) {
    forbid(type + " " + newDoc._id + " belongs to another rep; only its owner or a manager " +
      "may change it");
  }
  if (!bare && newDoc.owner !== me) {
    forbid(type + " " + newDoc._id + ": a rep may write only records they own");
  }
}
