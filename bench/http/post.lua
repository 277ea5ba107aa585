-- wrk script for POST scenarios: the runner passes the body in WRK_BODY so it is defined once.
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
