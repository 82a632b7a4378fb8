FROM docker:26-dind AS dind
EXPOSE 2375

FROM alpine:3.19
# Swarm and registry ports, and look-alikes.
EXPOSE 2377 5000 12375 23750 2374
EXPOSE 2377-2380
CMD ["/app"]
