// The mail module (#/mail/<folder>[/<message>]).
export default function MailPage() {
  return (
    <div style={{ padding: 24 }}>
      <h1>Mail</h1>
    </div>
  );
}
