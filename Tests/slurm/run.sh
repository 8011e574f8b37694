#!/usr/bin/env bash
# Brings up a real one-node Slurm cluster on localhost (Debian, as root; see Docs/CLUSTER.md),
# runs Tests/slurm/test_slurm.py against it with $TINYLAB, and stops the daemons it started, by
# their process ids, pass or fail. Its config, state and logs live in a temporary folder and it
# listens on its own ports, so a Slurm already configured on the machine is left alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${TINYLAB:?set TINYLAB to the tinylab binary to test, e.g. TINYLAB=\$(swift build -c release --show-bin-path)/tinylab}"
export TINYLAB="$(readlink -f "$TINYLAB")"
if [ "$(id -u)" != 0 ]; then
    echo "Tests/slurm/run.sh starts Slurm and munge daemons and must run as root (as CI does)" >&2
    exit 1
fi
for tool in slurmctld slurmd sbatch munged; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is missing: apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge (.ci/run does)" >&2
        exit 1
    fi
done

host="$(hostname -s)"
getent hosts "$host" >/dev/null || echo "127.0.0.1 $host" >> /etc/hosts
work="$(mktemp -d /tmp/tinylab-slurm.XXXXXX)"
mkdir -p "$work/state" "$work/spool" "$work/log"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=tinylab
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MailProg=/bin/true
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$work/log/jobcomp.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

pids=()
munged_pid=""
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "$munged_pid" ]; then kill "$munged_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

install -d -o munge -g munge -m 0755 /run/munge
[ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey -c
if ! munge -n >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    munged_pid="$(cat /run/munge/munged.pid)"
fi
slurmctld -D -c -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 & pids+=($!)
slurmd -D -f "$SLURM_CONF" > "$work/log/slurmd.out" 2>&1 & pids+=($!)
started=$SECONDS
until [ "$(sinfo -h -o %t 2>/dev/null)" = idle ]; do
    if (( SECONDS - started > 60 )); then
        echo "slurm: the node did not become idle within 60 s" >&2
        tail -n 20 "$work"/log/*.out "$work"/log/*.log >&2 || true
        exit 1
    fi
    sleep 0.25
done
echo "slurm: node $host idle after $((SECONDS - started)) s; daemon logs in $work/log (stopped at exit)"
python3 -m pytest -q Tests/slurm/test_slurm.py
