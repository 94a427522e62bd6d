// The calendar route (#/calendar), lazy-loaded by the app shell. Work in progress: replaced by the calendar experience.
export default function CalendarPage() {
  return (
    <div aria-labelledby="calendar-heading" style={{ padding: 24 }}>
      <h1 id="calendar-heading">Calendar</h1>
    </div>
  );
}
