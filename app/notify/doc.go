// Package notify is the in-app notification centre: short messages for
// one user (a customer was flagged, later an approval is waiting), each a
// locale key with its arguments, kept until read and listed newest first.
//
// A notification is written with Add inside the transaction of the change
// it reports, so a change and its notice are committed together or not at
// all. Delivery to outside channels (WeCom, DingTalk, Feishu, e-mail,
// webhooks) comes with issue 8 and will build on these records.
//
// It must not import app/web, any HTTP package or any domain package:
// domain packages call it, not the other way round.
package notify
