// validate_doc_update of salesterm's design document (_design/salesterm).
//
// Installed by 'salesterm server-init URL' into every team database. It runs
// on the server for every write, replicated ones included, and refuses:
//  - documents that are not salesterm records: an _id that is not a record id,
//    an unknown "type", a field that is not text, a number, true/false or null,
//    a live record without its required fields, a record whose type changes;
//  - a rep's write to a record owned by someone else, a rep giving a record
//    away, and a rep's write to the types only managers change (users, stages,
//    products, campaigns; a rep may still edit their own user record, not its
//    role);
//  - any change to a follow-up log (they are immutable; deleting one is allowed).
// Managers and server admins may write every record. Who is who comes from the
// roles of the author's server account, which server-init sets in _users:
//   salesterm.user.<salesterm user id>   the user record this login acts as
//   salesterm.manager                    a manager
// (PouchDB Server hands validate_doc_update no security object for _bulk_docs,
// so roles are the one source both servers give; the "salesterm" mapping in
// _security is used where a server provides it.)
function (newDoc, oldDoc, userCtx, secObj) {
  var required = {
    user: ["name", "role"],
    account: ["name"],
    contact: ["name"],
    campaign: ["name"],
    lead: ["name", "status"],
    stage: ["name", "position", "probability"],
    opportunity: ["name", "stage"],
    stage_change: ["opportunity", "to_stage", "at"],
    approval: ["opportunity", "stage", "user", "at"],
    product: ["code", "name"],
    activity: ["kind", "subject", "status"],
    followup: ["at"]
  };
  var managerOnly = { user: true, stage: true, product: true, campaign: true };
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
  var idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  var bare = newDoc._deleted === true && newDoc.type === undefined;
  var key, i, value, type;

  function forbid(why) {
    throw ({ forbidden: why });
  }

  if (newDoc._id.indexOf("_design/") === 0) {
    if (!isAdmin) {
      forbid("only a server admin may change design documents");
    }
    return;
  }
  if (!idPattern.test(newDoc._id)) {
    forbid("_id " + newDoc._id + " is not a salesterm record id");
  }
  if (!bare) {
    if (typeof newDoc.type !== "string" || !required.hasOwnProperty(newDoc.type)) {
      forbid("unknown type " + JSON.stringify(newDoc.type));
    }
    for (key in newDoc) {
      if (key.charAt(0) === "_") {
        continue;
      }
      value = newDoc[key];
      if (value !== null && typeof value === "object") {
        forbid(newDoc.type + " " + newDoc._id + ": " + key +
          ": must be text, a number, true/false or null");
      }
    }
    if (newDoc._deleted !== true) {
      for (i = 0; i < required[newDoc.type].length; i++) {
        value = newDoc[required[newDoc.type][i]];
        if (value === undefined || value === null || value === "") {
          forbid(newDoc.type + " " + newDoc._id + ": " + required[newDoc.type][i] +
            ": is required");
        }
      }
    }
    if (newDoc.owner !== undefined && newDoc.owner !== null &&
        (typeof newDoc.owner !== "string" || !idPattern.test(newDoc.owner))) {
      forbid(newDoc.type + " " + newDoc._id + ": owner: is not a user id");
    }
  }
  if (oldDoc && oldDoc.type && newDoc.type && oldDoc.type !== newDoc.type) {
    forbid(newDoc._id + ": a record's type never changes");
  }
  if (oldDoc && oldDoc.type === "followup" && oldDoc._deleted !== true && !bare &&
      newDoc._deleted !== true) {
    for (key in newDoc) {
      if (key.charAt(0) !== "_" && key !== "updated_at" && key !== "updated_by" &&
          JSON.stringify(newDoc[key]) !== JSON.stringify(oldDoc[key])) {
        forbid("followup " + newDoc._id + ": follow-up logs never change; add a new one");
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
