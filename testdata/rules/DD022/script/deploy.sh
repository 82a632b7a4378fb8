#!/bin/bash
export DOCKER_CONTENT_TRUST=0  # want: DD022
env DOCKER_CONTENT_TRUST=false docker pull x  # want: DD022
echo DOCKER_CONTENT_TRUST=0
