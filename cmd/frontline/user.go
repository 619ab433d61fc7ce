package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/frontline-crm/frontline/app/access"
	"github.com/frontline-crm/frontline/app/org"
	"github.com/frontline-crm/frontline/app/server"
	"github.com/frontline-crm/frontline/app/store"
)

var userCommands = map[string]func(*env, []string) error{
	"add":            userAdd,
	"list":           userList,
	"disable":        userDisable,
	"reset-password": userResetPassword,
}

func runUser(e *env, args []string) error {
	return subcommand(e, "user", userCommands, args)
}

// subcommand dispatches `frontline <group> <sub> ...`.
func subcommand(e *env, group string, subs map[string]func(*env, []string) error, args []string) error {
	if len(args) > 0 {
		if fn, ok := subs[args[0]]; ok {
			return fn(e, args[1:])
		}
	}
	names := make([]string, 0, len(subs))
	for n := range subs {
		names = append(names, n)
	}
	fmt.Fprintf(e.stderr, "Usage: frontline %s <%s> [flags]\n", group, strings.Join(sortedCopy(names), "|"))
	return errUsage
}

func userAdd(e *env, args []string) error {
	fs := newFlags("user add", "Create a user. The password is read from stdin, never from an argument.")
	var d dataFlags
	d.register(fs)
	email := fs.String("email", "", "e-mail address (sign-in name)")
	name := fs.String("name", "", "display name")
	role := fs.String("role", "", "role: "+rolesList())
	var regions multi
	fs.Var(&regions, "region", "region name, path (华东/浙江/杭州) or id; repeatable")
	pwStdin := fs.Bool("password-stdin", false, "read the password from stdin (omit for SSO-only users)")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	in := org.UserInput{Email: *email, Name: *name, Roles: splitRoles(*role)}
	if *pwStdin {
		pw, err := readPassword(e.stdin)
		if err != nil {
			return err
		}
		in.Password = pw
	}
	return withApp(&d, func(a *server.App) error {
		ids, err := resolveRegions(a, regions)
		if err != nil {
			return err
		}
		in.Regions = ids
		u, err := a.Org.CreateUser(access.SystemPrincipal, in)
		if err != nil {
			return explain(err)
		}
		fmt.Fprintf(e.stdout, "created user %s (%s)\n", u.Email, u.ID)
		return nil
	})
}

func userList(e *env, args []string) error {
	fs := newFlags("user list", "List users.")
	var d dataFlags
	d.register(fs)
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	return withApp(&d, func(a *server.App) error {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tNAME\tROLES\tSTATUS\tID")
		req := store.PageRequest{Limit: store.MaxPageSize}
		for {
			users, next, err := a.Org.ListUsers(access.SystemPrincipal, org.UserFilter{}, req)
			if err != nil {
				return err
			}
			for _, u := range users {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, joinRoles(u.Roles), status(u), u.ID)
			}
			if next == "" {
				return tw.Flush()
			}
			req.Cursor = next
		}
	})
}

func userDisable(e *env, args []string) error {
	fs := newFlags("user disable", "Disable a user: they are signed out, their tokens stop working, and "+
		"their customers go to the pool or to the colleague named by --hand-over-to.")
	var d dataFlags
	d.register(fs)
	email := fs.String("email", "", "e-mail of the user")
	to := fs.String("hand-over-to", "", "e-mail of the colleague who gets the customers (default: the pool)")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	return withApp(&d, func(a *server.App) error {
		u, err := a.Org.UserByEmail(*email)
		if err != nil {
			return fmt.Errorf("no user with e-mail %q", *email)
		}
		toID, err := receiverID(a, *to)
		if err != nil {
			return err
		}
		moved, err := disableAndHandOver(a, u, toID)
		if err != nil {
			return err
		}
		noun := "customers"
		if moved == 1 {
			noun = "customer"
		}
		fmt.Fprintf(e.stdout, "disabled %s; %d %s handed to %s\n", u.Email, moved, noun, receiverName(*to))
		return nil
	})
}

// receiverID maps --hand-over-to to a user id; "" is the pool.
func receiverID(a *server.App, email string) (string, error) {
	if email == "" {
		return "", nil
	}
	u, err := a.Org.UserByEmail(email)
	if err != nil {
		return "", fmt.Errorf("--hand-over-to: no user with e-mail %q", email)
	}
	return u.ID, nil
}

func receiverName(email string) string {
	if email == "" {
		return "the pool"
	}
	return org.NormalizeEmail(email)
}

// disableAndHandOver checks the hand-over, disables u, ends their
// sessions and moves their customers. Run again, it moves whatever a
// failed run left behind.
func disableAndHandOver(a *server.App, u org.User, toID string) (int, error) {
	sys := access.SystemPrincipal
	if err := a.Customers.CheckHandOver(sys, u.ID, toID); err != nil {
		// The field is named as the API names it; here it is the flag.
		msg := strings.ReplaceAll(explain(err).Error(), "--hand_over_to:", "--hand-over-to:")
		return 0, errors.New(msg)
	}
	if _, err := a.Org.SetDisabled(sys, u.ID, true); err != nil {
		return 0, explain(err)
	}
	if err := a.Auth.EndSessions(u.ID); err != nil {
		return 0, err
	}
	moved, err := a.Customers.HandOver(sys, u.ID, toID)
	if err != nil {
		return moved, fmt.Errorf("disabled %s, but the hand-over stopped after %d customers "+
			"(run the command again to move the rest): %w", u.Email, moved, explain(err))
	}
	return moved, nil
}

func userResetPassword(e *env, args []string) error {
	fs := newFlags("user reset-password", "Set a user's password from stdin and sign them out everywhere.")
	var d dataFlags
	d.register(fs)
	email := fs.String("email", "", "e-mail of the user")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from stdin (required)")
	if err := parse(fs, e, args); err != nil || helpAsked(args) {
		return err
	}
	if !*pwStdin {
		fmt.Fprintln(e.stderr, "frontline: --password-stdin is required; passwords are never taken as arguments")
		return errUsage
	}
	pw, err := readPassword(e.stdin)
	if err != nil {
		return err
	}
	return withApp(&d, func(a *server.App) error {
		u, err := a.Org.UserByEmail(*email)
		if err != nil {
			return fmt.Errorf("no user with e-mail %q", *email)
		}
		if err := a.Org.SetPassword(access.SystemPrincipal, u.ID, pw); err != nil {
			return explain(err)
		}
		if err := a.Auth.EndSessions(u.ID); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "password reset for %s\n", u.Email)
		return nil
	})
}

func status(u org.User) string {
	if u.Disabled {
		return "disabled"
	}
	return "active"
}
