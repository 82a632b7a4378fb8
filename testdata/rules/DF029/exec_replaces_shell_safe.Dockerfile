FROM eclipse-temurin:21-jre AS a
# exec replaces the shell with the application.
CMD exec java $JAVA_OPTS -jar /app.jar

FROM eclipse-temurin:21-jre AS b
ENTRYPOINT ./migrate.sh && exec java -jar /app.jar

FROM eclipse-temurin:21-jre
# With an exec-form ENTRYPOINT, CMD is only its arguments.
ENTRYPOINT ["/usr/bin/tini", "--", "/docker-entrypoint.sh"]
CMD java -jar /app.jar
