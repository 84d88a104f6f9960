"""Daily strand reprocessing of the day's new runs, with spark-submit.

The contract with strand is its exit code and its JSON summary (written per day under
/data/strand/summaries/, for whatever monitors the runs; this DAG itself acts on the exit code):
  0  every selected run is done or was done before (reruns are idempotent: published runs are
     skipped, so retrying the task never duplicates or half-writes output);
  1  at least one run failed: the task fails; the summary lists each run and its error;
  2  usage or configuration error: nothing was processed or written.
The arguments live in strand_daily_args.json beside this file, where a test checks them against
strand's own command line.
"""
import json
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import ShortCircuitOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "strand_daily_args.json")) as f:
    ARGS = json.load(f)

# The application jar (mvn -Papp -pl spark-job -am package), deployed beside this DAG unless STRAND_APP_JAR says where.
STRAND_APP_JAR = os.environ.get("STRAND_APP_JAR", os.path.join(HERE, "strand-app.jar"))


def runs_file_is_not_empty(ds_nodash, **_):
    """Skip the day when the run list is missing or empty (strand would exit 2 on an empty list)."""
    path = f"/data/strand/runs/new-runs-{ds_nodash}.txt"
    if not os.path.exists(path):
        return False
    with open(path) as f:
        return any(line.split("#", 1)[0].strip() for line in f)


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

    reprocess = SparkSubmitOperator(
        task_id="strand_run",
        application=STRAND_APP_JAR,
        java_class="org.strand.spark.cli.StrandCli",
        name="strand-daily-{{ ds_nodash }}",
        conf=ARGS["conf"],
        application_args=ARGS["application_args"],
        execution_timeout=timedelta(hours=12),
    )

    have_runs >> reprocess
