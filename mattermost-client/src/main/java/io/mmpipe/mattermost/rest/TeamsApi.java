package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.mattermost.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Teams. Answers are Mattermost's Team objects. */
public final class TeamsApi {

  private final Caller caller;

  TeamsApi(Caller caller) {
    this.caller = caller;
  }

  /** The teams the token's user is a member of ({@code GET /users/me/teams}). */
  public JsonNode mine() {
    return caller.get("/api/v4/users/me/teams", Query.none());
  }

  public List<String> myTeamIds() {
    List<String> out = new ArrayList<>();
    mine().forEach(t -> out.add(Json.text(t, "id")));
    return out;
  }
}
