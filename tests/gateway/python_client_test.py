#!/usr/bin/python3
# File: tests/gateway/python_client_test.py
# An independent client (Debian's python3-grpcio, stubs generated here with protoc's Python
# output) against the real `fhirgw serve` on 127.0.0.1 port 0: Validate, Translate,
# TranslateStream, ValidateStream, ListProfiles, GetCapabilityStatement, a refused token, the health service and
# server reflection (the last two as raw protobuf bytes, as grpcurl-style tools see them).
# Usage: python_client_test.py FHIRGW_BINARY PROTO_DIR
import json, os, re, shutil, subprocess, sys, tempfile, urllib.request

binary, proto_dir = sys.argv[1], sys.argv[2]
gen = tempfile.mkdtemp(prefix='fhirgw-py-')
subprocess.run(['protoc', f'--proto_path={proto_dir}', f'--python_out={gen}',
                'fhirgw/oncology/v1/records.proto', 'fhirgw/gateway/v1/gateway.proto'], check=True)
sys.path.insert(0, gen)
import grpc  # noqa: E402
from fhirgw.gateway.v1 import gateway_pb2 as gw  # noqa: E402

failures = 0
def check(name, ok, detail=''):
    global failures
    if not ok:
        failures += 1
        print(f'FAIL {name} {detail}')

token_file = os.path.join(gen, 'token')
with open(token_file, 'w') as f:
    f.write('py-token\n')
server = subprocess.Popen([binary, 'serve', '--listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0', '--token-file', token_file],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline().strip()
    check('started', line.startswith('listening on '), line)
    address = line[len('listening on '):]
    http_line = server.stdout.readline().strip()
    check('http_started', http_line.startswith('http on '), http_line)
    http = 'http://' + http_line[len('http on '):]
    channel = grpc.insecure_channel(address)
    auth = [('authorization', 'Bearer py-token')]
    service = '/fhirgw.gateway.v1.FhirGateway/'
    def unary(method, request, response_type, metadata=auth):
        call = channel.unary_unary(service + method, request_serializer=lambda m: m.SerializeToString(),
                                   response_deserializer=response_type.FromString)
        return call(request, metadata=metadata, timeout=30)

    resp = unary('Validate', gw.ValidateRequest(resource_json='{"resourceType":"Patient","gender":"woman"}'), gw.ValidateResponse)
    outcome = json.loads(resp.operation_outcome_json)
    check('validate_invalid', not resp.valid and outcome['resourceType'] == 'OperationOutcome')
    check('validate_location', any('Patient.gender' in str(i.get('expression', '')) for i in outcome.get('issue', [])), resp.operation_outcome_json)

    req = gw.TranslateRequest()
    rec = req.records.add()
    rec.patient.source.system = 'urn:py'
    rec.patient.source.record_id = 'P1'
    rec.patient.mrn = '42'
    rec.patient.family_name = 'Doe'
    rec.patient.administrative_sex = 'F'
    req.records.add()  # empty: rejected
    resp = unary('Translate', req, gw.TranslateResponse)
    check('translate_counts', resp.summary.received == 2 and resp.summary.translated == 1 and resp.summary.rejected == 1, str(resp.summary))
    check('translate_bundle', len(resp.bundle_json) == 1 and json.loads(resp.bundle_json[0])['type'] == 'collection')

    stream = channel.stream_stream(service + 'ValidateStream', request_serializer=lambda m: m.SerializeToString(),
                                   response_deserializer=gw.ValidateStreamResponse.FromString)
    requests = (gw.ValidateStreamRequest(sequence_id=i, resource_json='{"resourceType":"Patient"}') for i in range(5))
    results = list(stream(requests, metadata=auth, timeout=30))
    check('stream_order', [r.result.sequence_id for r in results[:-1]] == list(range(5)))
    check('stream_summary', results[-1].HasField('summary') and results[-1].summary.received == 5)

    translate_stream = channel.stream_stream(service + 'TranslateStream', request_serializer=lambda m: m.SerializeToString(),
                                             response_deserializer=gw.TranslateStreamResponse.FromString)
    def stream_records(n):
        for i in range(n):
            req = gw.TranslateStreamRequest(sequence_id=100 + i)
            if i % 10 != 3:  # every tenth record is empty: rejected with its reason
                req.record.patient.source.system = 'urn:py'
                req.record.patient.source.record_id = f'S{i}'
                req.record.patient.mrn = str(i)
                req.record.patient.family_name = 'Doe'
                req.record.patient.administrative_sex = 'F'
            yield req
    results = list(translate_stream(stream_records(40), metadata=auth, timeout=60))
    check('translate_stream_order', [r.result.sequence_id for r in results[:-1]] == list(range(100, 140)))
    check('translate_stream_rejected', [r.result.sequence_id for r in results[:-1] if r.result.rejected] == [103, 113, 123, 133])
    check('translate_stream_resources', all(json.loads(r.result.resource_json[0])['resourceType'] == 'Patient'
                                            for r in results[:-1] if not r.result.rejected))
    summary = results[-1].summary
    check('translate_stream_summary', results[-1].HasField('summary') and
          (summary.received, summary.translated, summary.rejected) == (40, 36, 4), str(summary))
    # The same 40 records in batches of 16: one answer per batch, a result per record.
    def batches(n, size):
        records = list(stream_records(n))
        for start in range(0, n, size):
            req = gw.TranslateStreamRequest()
            for r in records[start:start + size]:
                req.batch.add(sequence_id=r.sequence_id, record=r.record)
            yield req
    results = list(translate_stream(batches(40, 16), metadata=auth, timeout=60))
    check('translate_stream_batches', [len(r.batch.results) for r in results[:-1]] == [16, 16, 8])
    batched = [x for r in results[:-1] for x in r.batch.results]
    check('translate_stream_batch_order', [x.sequence_id for x in batched] == list(range(100, 140)))
    check('translate_stream_batch_rejected', [x.sequence_id for x in batched if x.rejected] == [103, 113, 123, 133])
    summary = results[-1].summary
    check('translate_stream_batch_summary', (summary.received, summary.translated, summary.rejected) == (40, 36, 4),
          str(summary))
    try:
        list(translate_stream(stream_records(2), metadata=[('authorization', 'Bearer nope')], timeout=30))
        check('translate_stream_bad_token', False, 'call succeeded')
    except grpc.RpcError as e:
        check('translate_stream_bad_token', e.code() == grpc.StatusCode.UNAUTHENTICATED, str(e.code()))

    profiles = unary('ListProfiles', gw.ListProfilesRequest(), gw.ListProfilesResponse)
    check('profiles', any('mcode' in p.url for p in profiles.profiles))
    cs = unary('GetCapabilityStatement', gw.GetCapabilityStatementRequest(), gw.GetCapabilityStatementResponse)
    check('capability', json.loads(cs.capability_statement_json)['resourceType'] == 'CapabilityStatement')

    try:
        unary('ListProfiles', gw.ListProfilesRequest(), gw.ListProfilesResponse, metadata=[('authorization', 'Bearer nope')])
        check('bad_token', False, 'call succeeded')
    except grpc.RpcError as e:
        check('bad_token', e.code() == grpc.StatusCode.UNAUTHENTICATED, str(e.code()))

    health = channel.unary_unary('/grpc.health.v1.Health/Check')(b'', timeout=10)
    check('health', health == b'\x08\x01', repr(health))
    reflection = channel.stream_stream('/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo')
    answers = list(reflection(iter([b'\x3a\x00']), timeout=10))  # list_services: ""
    check('reflection', any(b'fhirgw.gateway.v1.FhirGateway' in a for a in answers), repr(answers)[:200])
    # The HTTP side port: health, metadata, the FHIR-style facade, and a Prometheus scrape.
    def http_call(path, body=None, token='py-token'):
        req = urllib.request.Request(http + path, data=body, method='POST' if body is not None else 'GET')
        if token:
            req.add_header('Authorization', 'Bearer ' + token)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers.get('Content-Type', ''), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get('Content-Type', ''), e.read().decode()
    check('healthz', http_call('/healthz', token=None)[0] == 200)
    status, ctype, body = http_call('/metadata', token=None)
    check('metadata', status == 200 and json.loads(body)['resourceType'] == 'CapabilityStatement')
    status, ctype, body = http_call('/$validate', b'{"resourceType":"Patient","gender":"woman"}')
    check('http_validate', status == 200 and ctype.startswith('application/fhir+json') and
          json.loads(body)['resourceType'] == 'OperationOutcome', f'{status} {ctype}')
    check('http_validate_token', http_call('/$validate', b'{}', token='nope')[0] == 401)
    # The validation policy as query parameters (named as the command line's options).
    ext = b'{"resourceType":"Patient","extension":[{"url":"http://partner.test/fhir/ext","valueString":"x"}]}'
    def severities(path):
        status, ctype, body = http_call(path, ext)
        return status, {i['severity'] for i in json.loads(body).get('issue', [])}
    status, lenient = severities('/$validate')
    check('http_validate_policy_default', status == 200 and 'error' not in lenient, repr(lenient))
    status, strict = severities('/$validate?strict-extensions=true')
    check('http_validate_policy_strict', status == 200 and 'error' in strict, repr(strict))
    # An unresolved reference whose URL names a type the element does not allow.
    ref = b'{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Medication/m1"}}'
    def ref_severities(path):
        status, ctype, body = http_call(path, ref)
        return status, {i['severity'] for i in json.loads(body).get('issue', [])}
    status, by_url = ref_severities('/$validate')
    check('http_rest_reference_default', status == 200 and 'error' not in by_url and 'warning' in by_url, repr(by_url))
    status, assumed = ref_severities('/$validate?assume-valid-rest-references=true')
    check('http_rest_reference_assumed', status == 200 and 'error' in assumed, repr(assumed))
    records = b'{"patient":{"source":{"system":"urn:py","recordId":"P2"},"mrn":"7","familyName":"Roe","administrativeSex":"F"}}\n{}\n'
    status, ctype, body = http_call('/$translate', records)
    bundle = json.loads(body)
    kinds = [e['resource']['resourceType'] for e in bundle.get('entry', [])]
    check('http_translate', status == 200 and bundle['type'] == 'collection' and 'Bundle' in kinds and
          'OperationOutcome' in kinds, f'{status} {kinds}')
    status, ctype, metrics = http_call('/metrics', token=None)
    check('metrics_status', status == 200 and ctype.startswith('text/plain'))
    sample = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? [-+0-9.eE]+(Inf)?$')
    bad = [l for l in metrics.splitlines() if l and not l.startswith('#') and not sample.match(l)]
    check('metrics_format', not bad, repr(bad[:3]))
    check('metrics_counted', re.search(r'fhirgw_requests_total\{method="Validate"\} [1-9]', metrics) is not None)
    promtool = shutil.which('promtool')
    if promtool:
        result = subprocess.run([promtool, 'check', 'metrics'], input=metrics, capture_output=True, text=True)
        check('promtool', result.returncode == 0, result.stdout + result.stderr)
    else:
        print('note: promtool not installed; the exposition format was checked by pattern only')
finally:
    server.terminate()
    check('graceful_exit', server.wait(timeout=20) == 0)
    shutil.rmtree(gen, ignore_errors=True)

print(f'python client: {"ok" if failures == 0 else f"{failures} failed"}')
sys.exit(1 if failures else 0)
