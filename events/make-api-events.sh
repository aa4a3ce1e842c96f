#!/usr/bin/env bash
# Writes the api-*.json events: API Gateway HTTP API (payload format 2.0) requests as the gateway
# hands them to the api function, for DynamoDB calls signed like the AWS CLI signs them.
#
# Each request is signed with SigV4 for real, with the example credentials of AWS's documentation
# (access key AKIDEXAMPLE, secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY), region us-east-1,
# service dynamodb, one second apart from 2026-11-24T21:00:00Z. Edit a body here and run this
# again (needs bash, jq, openssl, base64, sha256sum) rather than editing the JSON files.
#
# API Gateway base64-encodes a request body whose content type is not a text type, and
# application/x-amz-json-1.0 is not one: the events carry the body base64-encoded with
# isBase64Encoded true, as the gateway sends them. api-get-item-plain-body.json is the same
# GetItem with the body as plain text, for the handler's other path.
set -euo pipefail
cd "$(dirname "$0")"

ACCESS_KEY=AKIDEXAMPLE
SECRET_KEY='wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
REGION=us-east-1
ACCOUNT=123456789012
API_ID=a1b2c3d4e5
HOST="$API_ID.execute-api.$REGION.amazonaws.com"
SOURCE_IP=203.0.113.10
START=1795554000 # 2026-11-24T21:00:00Z

hmac() { # key as hex, data -> hex
  printf '%s' "$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" | awk '{print $NF}'
}
sha256() { printf '%s' "$1" | sha256sum | awk '{print $1}'; }
# A stable pseudo-random hex string of $2 characters derived from $1.
hexof() { sha256 "$1" | cut -c "1-$2"; }

# api_event FILE SECONDS OPERATION COMMAND BODY [plain]
api_event() {
  local file=$1 offset=$2 op=$3 command=$4 body=$5 plain=${6:-}
  local epoch=$((START + offset))
  local amzdate day clf
  amzdate=$(date -u -d "@$epoch" +%Y%m%dT%H%M%SZ)
  day=${amzdate%%T*}
  clf=$(date -u -d "@$epoch" '+%d/%b/%Y:%H:%M:%S +0000')
  local target="DynamoDB_20120810.$op"
  local content_type=application/x-amz-json-1.0
  local signed_headers="content-type;host;x-amz-date;x-amz-target"
  local canonical
  canonical=$(printf 'POST\n/\n\ncontent-type:%s\nhost:%s\nx-amz-date:%s\nx-amz-target:%s\n\n%s\n%s' \
    "$content_type" "$HOST" "$amzdate" "$target" "$signed_headers" "$(sha256 "$body")")
  local scope="$day/$REGION/dynamodb/aws4_request"
  local to_sign
  to_sign=$(printf 'AWS4-HMAC-SHA256\n%s\n%s\n%s' "$amzdate" "$scope" "$(sha256 "$canonical")")
  local k
  k=$(printf '%s' "AWS4$SECRET_KEY" | od -An -tx1 | tr -d ' \n')
  k=$(hmac "$k" "$day"); k=$(hmac "$k" "$REGION"); k=$(hmac "$k" dynamodb); k=$(hmac "$k" aws4_request)
  local signature
  signature=$(hmac "$k" "$to_sign")
  local user_agent="aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#dynamodb.$command"
  local encoded=true sent_body
  sent_body=$(printf '%s' "$body" | base64 -w0)
  if [ -n "$plain" ]; then encoded=false; sent_body=$body; fi
  jq -n \
    --arg authorization "AWS4-HMAC-SHA256 Credential=$ACCESS_KEY/$scope, SignedHeaders=$signed_headers, Signature=$signature" \
    --arg length "$(printf '%s' "$body" | wc -c | tr -d ' ')" \
    --arg content_type "$content_type" --arg host "$HOST" --arg user_agent "$user_agent" \
    --arg amzdate "$amzdate" --arg target "$target" \
    --arg trace "Root=1-$(printf '%08x' "$epoch")-$(hexof "trace$file" 24)" \
    --arg ip "$SOURCE_IP" --arg account "$ACCOUNT" --arg api "$API_ID" \
    --arg request_id "$(hexof "id$file" 22 | xxd -r -p | base64 -w0)" \
    --arg time "$clf" --argjson epoch_ms "$((epoch * 1000 + 100 + offset * 37))" \
    --arg body "$sent_body" --argjson encoded "$encoded" \
    '{
      version: "2.0",
      routeKey: "POST /",
      rawPath: "/",
      rawQueryString: "",
      headers: {
        authorization: $authorization,
        "content-length": $length,
        "content-type": $content_type,
        host: $host,
        "user-agent": $user_agent,
        "x-amz-date": $amzdate,
        "x-amz-target": $target,
        "x-amzn-trace-id": $trace,
        "x-forwarded-for": $ip,
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https"
      },
      requestContext: {
        accountId: $account,
        apiId: $api,
        domainName: $host,
        domainPrefix: $api,
        http: {method: "POST", path: "/", protocol: "HTTP/1.1", sourceIp: $ip, userAgent: $user_agent},
        requestId: $request_id,
        routeKey: "POST /",
        stage: "$default",
        time: $time,
        timeEpoch: $epoch_ms
      },
      body: $body,
      isBase64Encoded: $encoded
    }' >"$file"
}

music_item() { # artist, song, album, year
  jq -cn --arg a "$1" --arg s "$2" --arg al "$3" --arg y "$4" \
    '{Artist: {S: $a}, SongTitle: {S: $s}, AlbumTitle: {S: $al}, Year: {N: $y}}'
}
key='{"Artist":{"S":"No One You Know"},"SongTitle":{"S":"Call Me Today"}}'

api_event api-01-create-table.json 0 CreateTable create-table "$(jq -cn '{
  AttributeDefinitions: [{AttributeName: "Artist", AttributeType: "S"}, {AttributeName: "SongTitle", AttributeType: "S"}],
  TableName: "Music",
  KeySchema: [{AttributeName: "Artist", KeyType: "HASH"}, {AttributeName: "SongTitle", KeyType: "RANGE"}],
  BillingMode: "PAY_PER_REQUEST"}')"
api_event api-02-describe-table.json 1 DescribeTable describe-table '{"TableName":"Music"}'
api_event api-03-list-tables.json 2 ListTables list-tables '{}'
api_event api-04-put-item.json 3 PutItem put-item "$(jq -cn --argjson item "$(music_item "No One You Know" "Call Me Today" "Somewhat Famous" 2015)" \
  '{TableName: "Music", Item: $item}')"
api_event api-05-get-item.json 4 GetItem get-item "$(jq -cn --argjson key "$key" '{TableName: "Music", Key: $key}')"
api_event api-06-get-item-consistent.json 5 GetItem get-item "$(jq -cn --argjson key "$key" \
  '{TableName: "Music", Key: $key, ConsistentRead: true}')"
api_event api-07-batch-write-item.json 6 BatchWriteItem batch-write-item "$(jq -cn \
  --argjson a "$(music_item "No One You Know" "My Dog Spot" "Hey Now" 2016)" \
  --argjson b "$(music_item "Acme Band" "Happy Day" "Songs About Life" 2019)" \
  --argjson c "$(music_item "Acme Band" "Look Out, World" "The Buck Starts Here" 2020)" \
  '{RequestItems: {Music: [{PutRequest: {Item: $a}}, {PutRequest: {Item: $b}}, {PutRequest: {Item: $c}}]}}')"
api_event api-08-query.json 7 Query query '{"TableName":"Music","KeyConditionExpression":"Artist = :artist","ExpressionAttributeValues":{":artist":{"S":"No One You Know"}}}'
api_event api-09-create-backup.json 8 CreateBackup create-backup '{"TableName":"Music","BackupName":"MusicBackup"}'
api_event api-get-item-plain-body.json 9 GetItem get-item "$(jq -cn --argjson key "$key" '{TableName: "Music", Key: $key}')" plain

# The health check: a plain GET / without a body (curl), so no signature either.
epoch=$((START + 10))
jq -n --arg host "$HOST" --arg ip "$SOURCE_IP" --arg account "$ACCOUNT" --arg api "$API_ID" \
  --arg trace "Root=1-$(printf '%08x' "$epoch")-$(hexof trace-health 24)" \
  --arg request_id "$(hexof id-health 22 | xxd -r -p | base64 -w0)" \
  --arg time "$(date -u -d "@$epoch" '+%d/%b/%Y:%H:%M:%S +0000')" --argjson epoch_ms "$((epoch * 1000 + 412))" \
  '{
    version: "2.0",
    routeKey: "GET /",
    rawPath: "/",
    rawQueryString: "",
    headers: {
      accept: "*/*",
      host: $host,
      "user-agent": "curl/8.5.0",
      "x-amzn-trace-id": $trace,
      "x-forwarded-for": $ip,
      "x-forwarded-port": "443",
      "x-forwarded-proto": "https"
    },
    requestContext: {
      accountId: $account,
      apiId: $api,
      domainName: $host,
      domainPrefix: $api,
      http: {method: "GET", path: "/", protocol: "HTTP/1.1", sourceIp: $ip, userAgent: "curl/8.5.0"},
      requestId: $request_id,
      routeKey: "GET /",
      stage: "$default",
      time: $time,
      timeEpoch: $epoch_ms
    },
    isBase64Encoded: false
  }' >api-health.json
