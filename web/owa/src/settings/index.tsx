// The settings route (#/settings), lazy-loaded by the app shell. Work in progress: replaced by the settings experience.
export default function SettingsPage() {
  return (
    <div aria-labelledby="settings-heading" style={{ padding: 24 }}>
      <h1 id="settings-heading">Settings</h1>
    </div>
  );
}
