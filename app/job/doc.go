// Package job holds Frontline's one in-process scheduler for time-based
// work: recurring jobs (pool recycling, alert rules, value-log GC,
// scheduled backups) and one-off timers (an approval step that becomes
// overdue, a reminder).
//
// Due times live in the database, not in memory, so a restart picks up
// everything that fell due while the server was down. A recurring job run
// with Every, and a timer handler, run inside one store transaction that
// also records that they ran: the effect and the record commit together,
// so a crash neither loses nor repeats them. EveryExternal is for effects
// outside the database and is at-least-once.
//
// Storage keys:
//
//	job/<name>                               state of a recurring job (JSON)
//	timer/due/<unix nanos, 19 digits>/<kind>/<key>  a pending timer (JSON)
//	timer/key/<kind>/<key>                   pointer to the timer's due key
//
// Time comes from an injected clock.Clock: tests set a fake clock and call
// RunDue instead of sleeping.
//
// Work due at a wall-clock time of day (the daily to-dos at 08:00, a
// backup from a cron expression) is a timer whose handler schedules the
// same kind and key again for the next occurrence, in its own transaction.
//
// It imports only app/store and app/clock from Frontline. It must not
// import domain packages or app/web: they import it and register their
// work at start-up.
package job
