// Drives ews-javascript-api's AutodiscoverService.GetUserSettings against a Bourse test host on 127.0.0.1.
// Usage: node autodiscover.js URL EMAIL LOGIN PASSWORD [single|batch]
// "batch" uses GetUsersSettings, which reports a RedirectAddress as it is instead of following it (following one makes
// the library rediscover the domain through DNS, which a 127.0.0.1-only test must not do).
// Prints one JSON line: {"errorCode":..., "ewsUrl":..., "displayName":..., "settingErrors":[...]} or {"error":...}.
// The test host uses a self-signed certificate; the C# test sets NODE_TLS_REJECT_UNAUTHORIZED=0 for this child only.
"use strict";
const ews = require("ews-javascript-api");

async function main() {
  const [url, email, login, password, mode] = process.argv.slice(2);
  const service = new ews.AutodiscoverService(new ews.Uri(url), ews.ExchangeVersion.Exchange2013);
  service.Credentials = new ews.WebCredentials(login, password);
  try {
    const names = [
      ews.UserSettingName.ExternalEwsUrl,
      ews.UserSettingName.UserDisplayName,
      ews.UserSettingName.CasVersion,
      ews.UserSettingName.EwsSupportedSchemas,
    ];
    const response = mode === "batch"
      ? (await service.GetUsersSettings([email], ...names)).Responses[0]
      : await service.GetUserSettings(email, names);
    const settings = response.Settings;
    const get = (name) => (settings.containsKey(name) ? settings.get(name) : null);
    console.log(JSON.stringify({
      errorCode: ews.AutodiscoverErrorCode[response.ErrorCode],
      redirectTarget: response.RedirectTarget || null,
      ewsUrl: get(ews.UserSettingName.ExternalEwsUrl),
      displayName: get(ews.UserSettingName.UserDisplayName),
      casVersion: get(ews.UserSettingName.CasVersion),
      settingErrors: (response.UserSettingErrors || []).map((e) => e.SettingName),
    }));
  } catch (e) {
    console.log(JSON.stringify({ error: (e && e.constructor && e.constructor.name) || "Error", message: String((e && e.message) || e) }));
  }
}

main();
