// The people route (#/people), lazy-loaded by the app shell. Work in progress: replaced by the people experience.
export default function PeoplePage() {
  return (
    <div aria-labelledby="people-heading" style={{ padding: 24 }}>
      <h1 id="people-heading">People</h1>
    </div>
  );
}
