"""Daily strand reprocessing of the day's new runs, with spark-submit.

The contract with strand is its exit code and its JSON summary (written per day under
/data/strand/summaries/, for whatever monitors the runs; this DAG itself acts on the exit code):
  0  every selected run is done or was done before (reruns are idempotent: published runs are
     skipped, so retrying the task never duplicates or half-writes output);
  1  at least one run failed: the task fails; the summary lists each run and its error;
  2  usage or configuration error: nothing was processed or written. Retrying cannot change that,
     so the task fails at once, without its retries (when spark-submit passes the driver's exit
     code on, as in client deploy mode; in cluster deploy mode spark-submit exits 1 for any
     failed application, and the task is retried).
The arguments live in strand_daily_args.json beside this file, where a test checks them against
strand's own command line.

Environment (of the scheduler and the workers alike):
  STRAND_APP_JAR   the application jar (default: strand-app.jar beside this file);
  STRAND_RUNS_DIR  the directory of the day's run lists, new-runs-YYYYMMDD.txt with one run id a
                   line (default: /data/strand/runs, as in strand_daily_args.json). A day whose list
                   is missing or lists no run is skipped; strand is given the same file.
"""
import json
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.operators.python import ShortCircuitOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "strand_daily_args.json")) as f:
    ARGS = json.load(f)

# The application jar (mvn -Papp -pl spark-job -am package), deployed beside this DAG unless STRAND_APP_JAR says where.
STRAND_APP_JAR = os.environ.get("STRAND_APP_JAR", os.path.join(HERE, "strand-app.jar"))

# The day's run list: strand_daily_args.json names it, and STRAND_RUNS_DIR moves its directory,
# for strand and for the check below alike.
_RUNS_FILE_AT = ARGS["application_args"].index("--runs-file") + 1
_RUNS_FILE = ARGS["application_args"][_RUNS_FILE_AT]
if "{{ ds_nodash }}" not in _RUNS_FILE:
    # Without it every day would check the same file.
    raise ValueError(f"strand_daily_args.json: --runs-file must name the day's list with {{{{ ds_nodash }}}}, got {_RUNS_FILE}")
RUNS_DIR = os.environ.get("STRAND_RUNS_DIR") or os.path.dirname(_RUNS_FILE)
RUNS_FILE = os.path.join(RUNS_DIR, os.path.basename(_RUNS_FILE))
APPLICATION_ARGS = ARGS["application_args"][:_RUNS_FILE_AT] + [RUNS_FILE] + ARGS["application_args"][_RUNS_FILE_AT + 1:]


def runs_file_is_not_empty(ds_nodash, **_):
    """Skip the day when the run list is missing or lists no run (strand would exit 2 on it).

    Read as strand reads it: a byte order mark, as some editors write, is not a run id, nor is
    what follows a '#' on a line.
    """
    path = RUNS_FILE.replace("{{ ds_nodash }}", ds_nodash)
    if not os.path.exists(path):
        return False
    with open(path, encoding="utf-8-sig") as f:
        return any(line.replace("\ufeff", "").split("#", 1)[0].strip() for line in f)


USAGE_ERROR = 2


def spark_submit_exit_code(operator):
    """spark-submit's exit code in the operator's last try, or None if it cannot be told.

    The operator's hook and the hook's process are the Spark provider's own attributes (`_hook`,
    `_submit_sp`, the same in all its releases so far); without them the task is retried as before.
    """
    process = getattr(getattr(operator, "_hook", None), "_submit_sp", None)
    return getattr(process, "returncode", None)


class StrandSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator whose task fails without retries when strand refuses its arguments."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            if spark_submit_exit_code(self) == USAGE_ERROR:
                raise AirflowFailException(
                    "strand refused its arguments or configuration (exit 2; its one-line reason is in the log above); "
                    f"retrying cannot change that: {e}"
                ) from e
            raise


with DAG(
    dag_id="strand_daily",
    description="Reprocess the day's new runs into Parquet tables with strand",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["strand"],
) as dag:
    have_runs = ShortCircuitOperator(task_id="have_new_runs", python_callable=runs_file_is_not_empty)

    reprocess = StrandSubmitOperator(
        task_id="strand_run",
        application=STRAND_APP_JAR,
        java_class="org.strand.spark.cli.StrandCli",
        name="strand-daily-{{ ds_nodash }}",
        conf=ARGS["conf"],
        application_args=APPLICATION_ARGS,
        execution_timeout=timedelta(hours=12),
    )

    have_runs >> reprocess
