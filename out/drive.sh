#!/bin/sh
case $1 in
start) cp -f d100k.db a.db; rm -f a.db-wal a.db-shm
	../build-opt/src/salesterm --db a.db user use "$4" >/dev/null
	tmux -L qvaudit -f /dev/null new -d -s a -x $2 -y $3 "env TZ=Asia/Shanghai LANG=C.UTF-8 ../build-opt/src/salesterm --db a.db; sleep 30"; sleep 2;;
keys) shift; tmux -L qvaudit send-keys -t a "$@"; sleep ${WAIT:-1};;
shot) tmux -L qvaudit capture-pane -p -t a;;
stop) tmux -L qvaudit kill-server;;
esac
