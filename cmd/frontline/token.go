package main

import (
	"fmt"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/server"
)

var tokenCommands = map[string]func(*env, []string) error{
	"create": tokenCreate,
	"revoke": tokenRevoke,
}

func runToken(e *env, args []string) error {
	return subcommand(e, "token", tokenCommands, args)
}

func tokenCreate(e *env, args []string) error {
	fs := newFlags("token create", "Create a personal access token and print it on stdout (one line, nothing else).")
	var d dataFlags
	d.register(fs)
	email := fs.String("user", "", "e-mail of the user the token acts as")
	name := fs.String("name", "", "what the token is for, e.g. \"ERP sync\"")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	return withApp(&d, func(a *server.App) error {
		u, err := a.Org.UserByEmail(*email)
		if err != nil {
			return fmt.Errorf("no user with e-mail %q", *email)
		}
		_, secret, err := a.Auth.CreateToken(access.SystemPrincipal, u.ID, *name)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintln(e.stdout, secret)
		return nil
	})
}

func tokenRevoke(e *env, args []string) error {
	fs := newFlags("token revoke", "Revoke a personal access token by its id (see the profile page or GET /api/v1/tokens).")
	var d dataFlags
	d.register(fs)
	id := fs.String("id", "", "token id")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	return withApp(&d, func(a *server.App) error {
		if err := a.Auth.RevokeToken(access.SystemPrincipal, *id); err != nil {
			return explain(err)
		}
		fmt.Fprintf(e.stdout, "revoked token %s\n", *id)
		return nil
	})
}
