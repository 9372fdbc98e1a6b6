# bash completion for salesterm                           -*- shell-script -*-
# Installed as $(datadir)/bash-completion/completions/salesterm. Commands and
# verbs are the ones `salesterm help` lists (tests/cli/completion.sh checks
# that); field names and stage names come from the program itself, from the
# database the command line names with --db.

_salesterm_types="user account contact lead opportunity stage product campaign activity followup stage_change approval opportunity_history"

# The salesterm command with the --db of the line being completed.
_salesterm_run()
{
	local i db=()
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		case ${COMP_WORDS[i]} in
		--db) db=(--db "${COMP_WORDS[i + 1]}") ;;
		--db=*) db=("${COMP_WORDS[i]}") ;;
		esac
	done
	"${COMP_WORDS[0]}" "${db[@]}" "$@" 2>/dev/null
}

_salesterm()
{
	local cur prev words=() i
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	# The words after the program, without the global options.
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--db) ((i++)) ;;
		--db=* | --json) ;;
		*) words+=("${COMP_WORDS[i]}") ;;
		esac
	done
	case $prev in
	--db | -o | --cacert | backup)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac
	if ((${#words[@]} == 0)); then
		COMPREPLY=($(compgen -W "$_salesterm_types search demo db remote sync conflict
			server-init help --db --json --version" -- "$cur"))
		return
	fi
	local cmd=${words[0]} verb=${words[1]:-}
	if [[ " $_salesterm_types " == *" $cmd "* ]]; then
		if ((${#words[@]} == 1)); then
			local verbs="list count show add edit delete undelete fields"
			case $cmd in
			lead) verbs+=" convert" ;;
			opportunity) verbs+=" move approve" ;;
			activity) verbs+=" done" ;;
			user) verbs+=" use whoami" ;;
			esac
			COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
			return
		fi
		case $verb in
		list | count | add | edit)
			if [[ $cur == --* ]]; then
				COMPREPLY=($(compgen -W "--sort --limit --all --after --deleted" -- "$cur"))
				return
			fi
			# FIELD=VALUE: the type's field names, from the program.
			local fields
			fields=$(_salesterm_run "$cmd" fields | awk '{ print $1 "=" }')
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -W "$fields" -- "$cur"))
			return
			;;
		move)
			# opportunity move ID STAGE: the stage names (they may hold blanks).
			if ((${#words[@]} == 3)); then
				local IFS=$'\n'
				COMPREPLY=($(compgen -W "$(_salesterm_run stage list --all --json |
					sed -n 's/^[[:space:]]*"name":[[:space:]]*"\(.*\)",*$/\1/p')" -- "$cur"))
				COMPREPLY=("${COMPREPLY[@]// /\\ }")
			fi
			return
			;;
		esac
		return
	fi
	case $cmd in
	db) ((${#words[@]} == 1)) && COMPREPLY=($(compgen -W "info check backup" -- "$cur")) ;;
	remote) ((${#words[@]} == 1)) && COMPREPLY=($(compgen -W "add list remove" -- "$cur")) ;;
	conflict) ((${#words[@]} == 1)) && COMPREPLY=($(compgen -W "list show resolve" -- "$cur")) ;;
	sync)
		if ((${#words[@]} == 1)); then
			COMPREPLY=($(compgen -W "status pending log quarantine --dry-run --watch --push-only
				--pull-only $(_salesterm_run remote list | awk '{ print $1 }')" -- "$cur"))
		fi
		;;
	search) COMPREPLY=($(compgen -W "--type --limit" -- "$cur")) ;;
	demo) COMPREPLY=($(compgen -W "--size --seed" -- "$cur")) ;;
	esac
}
complete -F _salesterm salesterm
