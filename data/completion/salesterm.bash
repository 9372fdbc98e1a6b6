# bash completion for salesterm                           -*- shell-script -*-
# Installed as $(datadir)/bash-completion/completions/salesterm. Commands,
# verbs and record types come from the program's command table (`salesterm
# help --commands`, `salesterm help --types`), field names and stage names
# from the program too, on the database the command line names with --db.

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
	# "TYPE list", "lead convert", "search": the program's command table.
	local commands types
	commands=$(_salesterm_run help --commands)
	types=" $(_salesterm_run help --types | tr '\n' ' ') "
	if ((${#words[@]} == 0)); then
		COMPREPLY=($(compgen -W "$({ printf '%s\n' $types
			printf '%s\n' "$commands" | awk '$1 != "TYPE" { print $1 }'; } | sort -u)
			help --db --json --version" -- "$cur"))
		return
	fi
	local cmd=${words[0]} verb=${words[1]:-}
	# The verbs of cmd (and of every type when cmd is one).
	if ((${#words[@]} == 1)); then
		local verbs
		verbs=$(printf '%s\n' "$commands" | awk -v c="$cmd" -v t="$([[ $types == *" $cmd "* ]] && echo 1)" \
			'NF == 2 && ($1 == c || (t && $1 == "TYPE")) { print $2 }')
		if [[ -n $verbs ]]; then
			[[ $cmd == sync ]] && verbs+=" --dry-run --watch --push-only --pull-only
				$(_salesterm_run remote list | awk '{ print $1 }')"
			COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
			return
		fi
	fi
	if [[ $types == *" $cmd "* ]]; then
		case $verb in
		list | count | add | edit)
			if [[ $cur == --* ]]; then
				if [[ $verb == add ]]; then
					COMPREPLY=($(compgen -W "--force" -- "$cur"))
				else
					COMPREPLY=($(compgen -W "--sort --limit --all --after --deleted" -- "$cur"))
				fi
				return
			fi
			# FIELD=VALUE: the type's field names, from the program.
			local fields
			fields=$(_salesterm_run "$cmd" fields | awk '{ print $1 "=" }')
			compopt -o nospace 2>/dev/null
			COMPREPLY=($(compgen -W "$fields" -- "$cur"))
			return
			;;
		grade)
			COMPREPLY=($(compgen -W "--dry-run --period --a-share --b-share --currency" -- "$cur"))
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
		touch)
			# account touch ACCOUNT... [--date DATE]
			[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--date" -- "$cur"))
			return
			;;
		esac
		return
	fi
	case $cmd in
	forecast)
		# forecast visibility own|team: the manager's choice for the team.
		[[ $verb == visibility ]] && ((${#words[@]} == 2)) &&
			COMPREPLY=($(compgen -W "own team" -- "$cur"))
		;;
	report)
		# report NAME: the names from the program's list; then its options.
		if ((${#words[@]} == 1)); then
			COMPREPLY=($(compgen -W "$(_salesterm_run report | awk 'NR > 1 { print $1 }')" -- "$cur"))
		elif [[ $prev == --format ]]; then
			COMPREPLY=($(compgen -W "table csv json" -- "$cur"))
		else
			case $verb in
			abc) COMPREPLY=($(compgen -W "--period --owner --territory --team --format --help --a-share --b-share --currency --limit" -- "$cur")) ;;
			clv) COMPREPLY=($(compgen -W "--period --owner --territory --team --format --help --horizon --limit" -- "$cur")) ;;
			*) COMPREPLY=($(compgen -W "--period --owner --territory --team --format --help" -- "$cur")) ;;
			esac
		fi
		;;
	import)
		case $prev in
		--type) COMPREPLY=($(compgen -W "$types" -- "$cur")) ;;
		--format) COMPREPLY=($(compgen -W "csv jsonl vcard ics" -- "$cur")) ;;
		--encoding) COMPREPLY=($(compgen -W "utf-8 gb18030 gbk big5 utf-16 windows-1252" -- "$cur")) ;;
		--on-duplicate) COMPREPLY=($(compgen -W "skip update create ask" -- "$cur")) ;;
		--map | --window) ;;
		*)
			if [[ $cur == -* ]]; then
				COMPREPLY=($(compgen -W "--type --format --encoding --map --on-duplicate --dry-run --skip-bad --window" -- "$cur"))
			else
				COMPREPLY=($(compgen -f -- "$cur"))
			fi
			;;
		esac
		;;
	export)
		case $prev in
		export) COMPREPLY=($(compgen -W "$types" -- "$cur")) ;;
		--format) COMPREPLY=($(compgen -W "csv jsonl vcard ics" -- "$cur")) ;;
		--encoding) COMPREPLY=($(compgen -W "utf-8 gb18030" -- "$cur")) ;;
		-o) COMPREPLY=($(compgen -f -- "$cur")) ;;
		--vcard-version) COMPREPLY=($(compgen -W "3.0 4.0" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "--sort --deleted --format --vcard-version --bom --encoding -o" -- "$cur")) ;;
		esac
		;;
	search) COMPREPLY=($(compgen -W "--type --limit" -- "$cur")) ;;
	agenda) COMPREPLY=($(compgen -W "--days" -- "$cur")) ;;
	query) COMPREPLY=($(compgen -W "--mutt" -- "$cur")) ;;
	log)
		if [[ $prev == --contact ]]; then
			COMPREPLY=()
		else
			COMPREPLY=($(compgen -W "--mail --contact --dry-run" -- "$cur"))
		fi
		;;
	demo) COMPREPLY=($(compgen -W "--size --seed" -- "$cur")) ;;
	esac
}
complete -F _salesterm salesterm
